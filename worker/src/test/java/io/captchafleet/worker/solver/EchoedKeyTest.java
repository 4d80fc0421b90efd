package io.captchafleet.worker.solver;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.captchafleet.worker.solver.WireMockSolver.KEY;
import static io.captchafleet.worker.solver.WireMockSolver.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.captchafleet.common.errors.ErrorAction;
import io.captchafleet.common.errors.ErrorCategory;
import io.captchafleet.common.errors.Phase;
import io.captchafleet.worker.solver.SolveResult.Failed;
import io.captchafleet.worker.solver.SolveResult.Solved;
import io.micrometer.core.instrument.Meter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A provider that echoes the API key back, in an error code, an error description, a garbage body, a
 * balance or a token, never gets it past the protocol parsing: not into a log line (DEBUG included), a
 * {@link SolveResult}, a classification's code, a meter or an exception message.
 * Both protocols, on submit and on poll.
 */
class EchoedKeyTest {
    private static final String PAGE = "https://example.com/login";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private LogCapture logs;

    @BeforeEach
    void captureLogs() {
        logs = new LogCapture();
    }

    @AfterEach
    void noLogLineHoldsTheKey() {
        try {
            assertThat(logs.lines()).isNotEmpty().noneMatch(l -> l.contains(KEY));
        } finally {
            logs.close();
        }
    }

    private static ObjectNode recaptcha(String page) {
        return task("{\"method\":\"userrecaptcha\",\"sitekey\":\"6Le\",\"pageurl\":\"" + page + "\"}");
    }

    /** The failure, after checking that none of its text (classification included) and no meter holds the key. */
    private static Failed failed(WireMockSolver s, SolveResult result) {
        assertThat(result).isInstanceOf(Failed.class);
        assertThat(result.toString()).doesNotContain(KEY);
        assertThat(s.registry.getMeters()).extracting(Meter::getId).extracting(Object::toString).noneMatch(id -> id.contains(KEY));
        return (Failed) result;
    }

    @Test
    void aLegacyErrorCodeEchoingTheKeyIsClassifiedByItsCodeAndHalts() {
        wm.stubFor(post(urlPathEqualTo("/in.php")).willReturn(okJson("{\"status\":0,\"request\":\"ERROR_KEY_DOES_NOT_EXIST: key " + KEY + "\"}")));
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl())) {
            Failed f = failed(s, s.solve("b/1", recaptcha(PAGE)));
            assertThat(f.error().code()).isEqualTo("ERROR_KEY_DOES_NOT_EXIST");
            assertThat(f.error().category()).isEqualTo(ErrorCategory.CONFIGURATION);
            assertThat(f.detail()).isEqualTo("the API answered ERROR_KEY_DOES_NOT_EXIST: key ***");
            assertThat(s.solver.gate().halted()).isTrue();
        }
    }

    @Test
    void aLegacyErrorTextEchoingTheKeyIsMaskedInTheDetail() {
        wm.stubFor(post(urlPathEqualTo("/in.php")).willReturn(okJson("{\"status\":0,\"request\":\"ERROR_WRONG_USER_KEY\","
                + "\"error_text\":\"The key " + KEY + " is not\\n32 characters long\"}")));
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl())) {
            Failed f = failed(s, s.solve("b/1", recaptcha(PAGE)));
            assertThat(f.error().code()).isEqualTo("ERROR_WRONG_USER_KEY");
            assertThat(f.detail()).isEqualTo("the API answered ERROR_WRONG_USER_KEY (The key *** is not 32 characters long)");
        }
    }

    @Test
    void aCodeThatIsTheKeyItselfIsAnUnknownTaskErrorUnderTheUnknownLabel() {
        wm.stubFor(post(urlPathEqualTo("/in.php")).willReturn(okJson("{\"status\":0,\"request\":\"" + KEY + "\"}")));
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl())) {
            Failed f = failed(s, s.solve("b/1", recaptcha(PAGE)));
            assertThat(f.error().code()).isEqualTo("UNKNOWN_ERROR");
            assertThat(f.error().action()).isEqualTo(ErrorAction.RETRY_ONCE);
            assertThat(f.detail()).isEqualTo("the API answered ***");
            assertThat(s.count("captcha.fleet.api.errors", "code", "unknown", "category", "task")).isEqualTo(1);
        }
    }

    @Test
    void aPlainTextErrorEchoingTheKeyIsStillTheApisError() {
        wm.stubFor(post(urlPathEqualTo("/in.php")).willReturn(aResponse().withStatus(200).withBody("ERROR_KEY_DOES_NOT_EXIST key=" + KEY)));
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl())) {
            Failed f = failed(s, s.solve("b/1", recaptcha(PAGE)));
            assertThat(f.error().code()).isEqualTo("ERROR_KEY_DOES_NOT_EXIST");
            assertThat(f.detail()).isEqualTo("the API answered ERROR_KEY_DOES_NOT_EXIST key=***");
            assertThat(s.solver.gate().halted()).isTrue();
        }
    }

    @Test
    void aLegacyPollErrorEchoingTheKeyEndsThePaidSolveAndHalts() {
        wm.stubFor(post(urlPathEqualTo("/in.php")).willReturn(okJson("{\"status\":1,\"request\":\"111\"}")));
        wm.stubFor(get(urlPathEqualTo("/res.php")).willReturn(okJson("{\"status\":0,\"request\":\"ERROR_WRONG_USER_KEY: " + KEY + "\"}")));
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl())) {
            Failed f = failed(s, s.solve("b/1", recaptcha(PAGE)));
            assertThat(f.phase()).isEqualTo(Phase.POLL);
            assertThat(f.paid()).isTrue();
            assertThat(f.error().code()).isEqualTo("ERROR_WRONG_USER_KEY");
            assertThat(f.detail()).isEqualTo("the API answered ERROR_WRONG_USER_KEY: ***");
            assertThat(s.solver.gate().halted()).isTrue();
        }
    }

    @Test
    void oneAnswerOfAMultiIdPollEchoingTheKeyFailsOnlyItsTask() {
        TestClock clock = new TestClock();
        wm.stubFor(get(urlPathEqualTo("/res.php")).willReturn(okJson("{\"status\":1,\"request\":\"TOK-A|ERROR_CAPTCHA_UNSOLVABLE: " + KEY + "\"}")));
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl(), b -> b.clock(clock).firstPollDelay(Duration.ofSeconds(1)))) {
            for (String name : List.of("a", "b")) {
                wm.stubFor(post(urlPathEqualTo("/in.php")).withFormParam("pageurl", equalTo("https://" + name + ".example/"))
                        .willReturn(okJson("{\"status\":1,\"request\":\"id-" + name + "\"}")));
                s.start("b/" + name, recaptcha("https://" + name + ".example/"));
                await().until(() -> s.listener.events("b/" + name).size() == 1);
            }
            clock.advance(Duration.ofSeconds(1));
            assertThat(((Solved) s.listener.awaitResult("b/a")).token()).isEqualTo("TOK-A");
            Failed f = failed(s, s.listener.awaitResult("b/b"));
            assertThat(f.error().code()).isEqualTo("ERROR_CAPTCHA_UNSOLVABLE");
            assertThat(f.detail()).isEqualTo("the API answered ERROR_CAPTCHA_UNSOLVABLE: ***");
        }
    }

    @Test
    void aJsonErrorCodeAndDescriptionEchoingTheKeyAreMasked() {
        wm.stubFor(post(urlPathEqualTo("/createTask")).willReturn(okJson("{\"errorId\":1,\"errorCode\":\"ERROR_KEY_DOES_NOT_EXIST: " + KEY
                + "\",\"errorDescription\":\"Account authorization key " + KEY + " not found\"}")));
        try (WireMockSolver s = WireMockSolver.json(wm.baseUrl())) {
            Failed f = failed(s, s.solve("b/1", recaptcha(PAGE)));
            assertThat(f.error().code()).isEqualTo("ERROR_KEY_DOES_NOT_EXIST");
            assertThat(f.detail()).isEqualTo("the API answered ERROR_KEY_DOES_NOT_EXIST: *** (Account authorization key *** not found)");
            assertThat(s.solver.gate().halted()).isTrue();
        }
    }

    @Test
    void aJsonPollErrorThatIsTheKeyIsAnUnknownTaskError() {
        wm.stubFor(post(urlPathEqualTo("/createTask")).willReturn(okJson("{\"errorId\":0,\"taskId\":4711}")));
        wm.stubFor(post(urlPathEqualTo("/getTaskResult")).willReturn(okJson("{\"errorId\":12,\"errorCode\":\"" + KEY
                + "\",\"errorDescription\":\"" + KEY + "\"}")));
        try (WireMockSolver s = WireMockSolver.json(wm.baseUrl())) {
            Failed f = failed(s, s.solve("b/1", recaptcha(PAGE)));
            assertThat(f.phase()).isEqualTo(Phase.POLL);
            assertThat(f.error().code()).isEqualTo("UNKNOWN_ERROR");
            assertThat(f.detail()).isEqualTo("the API answered *** (***)");
            assertThat(s.solver.gate().halted()).isFalse();
        }
    }

    @Test
    void garbageBodiesEchoingTheRequestAreMaskedInTheDetail() {
        wm.stubFor(post(urlPathEqualTo("/in.php")).willReturn(aResponse().withStatus(200).withBody("<pre>POST /in.php key=" + KEY + "&json=1</pre>")));
        wm.stubFor(post(urlPathEqualTo("/createTask")).willReturn(okJson("{\"echo\":{\"clientKey\":\"" + KEY + "\"}}")));
        try (WireMockSolver legacy = WireMockSolver.legacy(wm.baseUrl()); WireMockSolver json = WireMockSolver.json(wm.baseUrl())) {
            Failed l = failed(legacy, legacy.solve("b/1", recaptcha(PAGE)));
            assertThat(l.error().code()).isEqualTo("BAD_RESPONSE");
            assertThat(l.detail()).isEqualTo("HTTP 200, body: \"<pre>POST /in.php key=***&json=1</pre>\"");
            Failed j = failed(json, json.solve("b/1", recaptcha(PAGE)));
            assertThat(j.detail()).isEqualTo("HTTP 200, body: \"{\"echo\":{\"clientKey\":\"***\"}}\"");
        }
    }

    @Test
    void aBalanceOrAnErrorEchoingTheKeyNeverReachesAnExceptionMessage() {
        wm.stubFor(get(urlPathEqualTo("/res.php")).withQueryParam("action", equalTo("getbalance"))
                .willReturn(okJson("{\"status\":1,\"request\":\"" + KEY + "\"}")));
        wm.stubFor(post(urlPathEqualTo("/getBalance")).willReturn(okJson("{\"errorId\":1,\"errorCode\":\"ERROR_KEY_DOES_NOT_EXIST\","
                + "\"errorDescription\":\"key " + KEY + "\"}")));
        try (WireMockSolver legacy = WireMockSolver.legacy(wm.baseUrl()); WireMockSolver json = WireMockSolver.json(wm.baseUrl())) {
            assertThatThrownBy(() -> legacy.solver.balance().join()).cause().isInstanceOf(SolverCallException.class)
                    .hasMessage("balance: the API answered \"***\", not an amount");
            assertThatThrownBy(() -> json.solver.balance().join()).cause().isInstanceOf(SolverCallException.class)
                    .hasMessage("balance: ERROR_KEY_DOES_NOT_EXIST (the API answered ERROR_KEY_DOES_NOT_EXIST (key ***))");
        }
    }

    @Test
    void aSolutionEchoingTheKeyIsMaskedInTheToken() {
        wm.stubFor(post(urlPathEqualTo("/createTask")).willReturn(okJson("{\"errorId\":0,\"taskId\":4711}")));
        wm.stubFor(post(urlPathEqualTo("/getTaskResult")).willReturn(okJson("{\"errorId\":0,\"status\":\"ready\",\"solution\":{\"answer\":\""
                + KEY + "\"},\"cost\":\"" + KEY + "\"}")));
        try (WireMockSolver s = WireMockSolver.json(wm.baseUrl())) {
            Solved solved = (Solved) s.solve("b/1", recaptcha(PAGE));
            assertThat(solved.token()).isEqualTo("{\"answer\":\"***\"}");
            assertThat(solved.cost()).as("a cost that is not an amount is not taken: nothing else is known").isNull();
        }
    }
}
