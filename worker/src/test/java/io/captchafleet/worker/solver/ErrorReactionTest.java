package io.captchafleet.worker.solver;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.captchafleet.worker.solver.WireMockSolver.KEY;
import static io.captchafleet.worker.solver.WireMockSolver.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.captchafleet.common.errors.Classification;
import io.captchafleet.common.errors.ErrorAction;
import io.captchafleet.common.errors.ErrorCategory;
import io.captchafleet.common.errors.ErrorClassifier;
import io.captchafleet.common.errors.Phase;
import io.captchafleet.common.provider.ProviderProfiles;
import io.captchafleet.worker.solver.SolveResult.Failed;
import io.captchafleet.worker.solver.SolveResult.Solved;
import io.micrometer.core.instrument.Meter;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client's reaction to every error code of the classifier's table and to every answer that is not
 * the API's, on submit and on poll, in both protocols; and that the API key shows up in no log line,
 * failure detail, exception or metric produced meanwhile.
 */
class ErrorReactionTest {
    private static final String PAGE = "https://example.com/login";
    private static final String HTML = "<html><head><title>502 Bad Gateway</title></head><body>nginx key=" + KEY + "</body></html>";
    private static final ErrorClassifier CLASSIFIER = ErrorClassifier.standard();
    private static LogCapture logs;
    /** Every text the tests saw leave the solver: failure details, exception messages, meter ids. */
    private static final List<String> texts = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @BeforeAll
    static void captureLogs() {
        logs = new LogCapture();
        Awaitility.setDefaultPollInterval(Duration.ofMillis(5));
    }

    @AfterAll
    static void theKeyLeftNoTrace() {
        try {
            assertThat(logs.lines()).isNotEmpty().noneMatch(l -> l.contains(KEY));
            assertThat(texts).isNotEmpty().noneMatch(t -> t.contains(KEY));
        } finally {
            logs.close();
            Awaitility.reset();
        }
    }

    enum Api {
        LEGACY, JSON;

        String submitPath() {
            return this == LEGACY ? "/in.php" : "/createTask";
        }

        MappingBuilder submit() {
            return post(urlPathEqualTo(submitPath()));
        }

        MappingBuilder poll() {
            return this == LEGACY ? get(urlPathEqualTo("/res.php")) : post(urlPathEqualTo("/getTaskResult"));
        }

        ResponseDefinitionBuilder accepted() {
            return okJson(this == LEGACY ? "{\"status\":1,\"request\":\"111\"}" : "{\"errorId\":0,\"taskId\":111}");
        }

        ResponseDefinitionBuilder solved() {
            return okJson(this == LEGACY ? "{\"status\":1,\"request\":\"TOKEN\"}"
                    : "{\"errorId\":0,\"status\":\"ready\",\"solution\":{\"gRecaptchaResponse\":\"TOKEN\"}}");
        }

        ResponseDefinitionBuilder error(String code) {
            return okJson(this == LEGACY ? "{\"status\":0,\"request\":\"" + code + "\"}"
                    : "{\"errorId\":1,\"errorCode\":\"" + code + "\",\"errorDescription\":\"for key " + KEY + "\"}");
        }

        WireMockSolver solver(UnaryOperator<SolverSettings.Builder> tweak) {
            return this == LEGACY ? WireMockSolver.legacy(wm.baseUrl(), tweak) : WireMockSolver.json(wm.baseUrl(), tweak);
        }
    }

    static Stream<Arguments> everyCode() {
        List<Arguments> cases = new ArrayList<>();
        for (Api api : Api.values()) {
            for (String code : ErrorClassifier.knownCodes().stream().sorted().toList()) {
                cases.add(Arguments.of(api, code));
            }
        }
        return cases.stream();
    }

    private static ObjectNode recaptcha() {
        return task("{\"method\":\"userrecaptcha\",\"sitekey\":\"6Le\",\"pageurl\":\"" + PAGE + "\"}");
    }

    private static Failed failed(SolveResult result) {
        assertThat(result).isInstanceOf(Failed.class);
        Failed f = (Failed) result;
        texts.add(f.detail());
        return f;
    }

    private static int requests(String path) {
        return (int) wm.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().startsWith(path)).count();
    }

    private static void collectMeterIds(WireMockSolver s) {
        for (Meter m : s.registry.getMeters()) {
            texts.add(m.getId().toString());
        }
    }

    @ParameterizedTest(name = "{0} submit answered {1}")
    @MethodSource("everyCode")
    void everyErrorCodeOnSubmit(Api api, String code) {
        TestClock clock = new TestClock();
        wm.stubFor(api.submit().willReturn(api.error(code)));
        Classification expected = CLASSIFIER.classify(code, Phase.SUBMIT);
        try (WireMockSolver s = api.solver(b -> b.clock(clock))) {
            Failed f = failed(s.solve("b/1", recaptcha()));
            assertThat(f.error()).isEqualTo(expected);
            assertThat(f.phase()).isEqualTo(Phase.SUBMIT);
            assertThat(f.paid()).isFalse();
            assertThat(f.ambiguous()).isFalse();
            assertThat(f.solverId()).isNull();
            assertThat(s.solver.gate().halted()).isEqualTo(expected.category().fatal());
            Optional<Instant> ban = expected.accountWide() ? Optional.of(clock.instant().plus(expected.waitFor())) : Optional.empty();
            assertThat(s.solver.gate().bannedUntil()).isEqualTo(ban);
            assertThat(s.solver.concurrencyLimit()).isEqualTo(expected.pushBack() ? 4 : 8);
            assertThat(s.count("captcha.fleet.api.errors", "code", code, "category", expected.category().wire())).isEqualTo(1);
            assertThat(s.count("captcha.fleet.api.requests", "endpoint", "submit", "result", "api_error")).isEqualTo(1);
            assertThat(s.count("captcha.fleet.paid.submits")).isZero();
            collectMeterIds(s);
        }
    }

    @ParameterizedTest(name = "{0} poll answered {1}")
    @MethodSource("everyCode")
    void everyErrorCodeOnPoll(Api api, String code) {
        TestClock clock = new TestClock();
        Classification expected = CLASSIFIER.classify(code, Phase.POLL);
        wm.stubFor(api.submit().willReturn(api.accepted()));
        wm.stubFor(api.poll().inScenario("p").whenScenarioStateIs(Scenario.STARTED).willReturn(api.error(code)).willSetStateTo("solved"));
        wm.stubFor(api.poll().inScenario("p").whenScenarioStateIs("solved").willReturn(api.solved()));
        try (WireMockSolver s = api.solver(b -> b.clock(clock).attemptTimeout(Duration.ofHours(1)))) {
            s.start("b/1", recaptcha());
            await().until(() -> s.count("captcha.fleet.api.errors") + s.registry.find("captcha.fleet.api.errors").counters().size() > 0);
            if (expected.action() == ErrorAction.POLL_AGAIN) {
                assertThat(s.listener.result("b/1")).isNull();
                // The scheduler may re-plan the poll just after the error is counted: move the test clock past
                // the wait until the poll has happened, rather than once and racing it.
                await().until(() -> {
                    clock.advance(expected.waitFor().plusSeconds(1));
                    return s.listener.result("b/1") != null;
                });
                Solved solved = (Solved) s.listener.awaitResult("b/1");
                assertThat(solved.token()).isEqualTo("TOKEN");
            } else {
                Failed f = failed(s.listener.awaitResult("b/1"));
                assertThat(f.error()).isEqualTo(expected);
                assertThat(f.phase()).isEqualTo(Phase.POLL);
                assertThat(f.paid()).isTrue();
                assertThat(f.solverId()).isEqualTo("111");
                assertThat(s.solver.gate().halted()).isEqualTo(expected.category().fatal());
            }
            assertThat(s.listener.events("b/1")).first().extracting(RecordingListener.Event::kind).isEqualTo("paid");
            assertThat(s.count("captcha.fleet.api.errors", "code", code, "category", expected.category().wire())).isEqualTo(1);
            collectMeterIds(s);
        }
        assertThat(requests(api.submitPath())).as("an error while polling never means a new submit").isEqualTo(1);
    }

    /** A failure below the API: how to provoke it, and the failure it must become. */
    record Broken(String name, UnaryOperator<ResponseDefinitionBuilder> response, String code, String detail, boolean ambiguous,
                  Duration waitFor) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> brokenAnswers() {
        List<Broken> broken = List.of(
                new Broken("HTML page", r -> r.withStatus(200).withBody(HTML), "BAD_RESPONSE",
                        "HTTP 200, body: \"<html><head><title>502 Bad Gateway</title></head><body>nginx key=***</body></html>\"", false, Duration.ZERO),
                new Broken("empty body", r -> r.withStatus(200).withBody(""), "BAD_RESPONSE", "HTTP 200, body: (empty)", false, Duration.ZERO),
                new Broken("truncated JSON", r -> r.withStatus(200).withBody("{\"status\":1,\"requ"), "BAD_RESPONSE",
                        "HTTP 200, body: \"{\"status\":1,\"requ\"", false, Duration.ZERO),
                new Broken("429 without Retry-After", r -> r.withStatus(429).withBody("Too Many Requests"), "HTTP_429",
                        "HTTP 429, body: \"Too Many Requests\"", false, Duration.ZERO),
                new Broken("429 with Retry-After", r -> r.withStatus(429).withHeader("Retry-After", "7"), "HTTP_429",
                        "HTTP 429, body: (empty)", false, Duration.ofSeconds(7)),
                new Broken("HTTP 500 HTML", r -> r.withStatus(500).withBody(HTML), "HTTP_5XX",
                        "HTTP 500, body: \"<html><head><title>502 Bad Gateway</title></head><body>nginx key=***</body></html>\"", false, Duration.ZERO),
                new Broken("HTTP 503 empty", r -> r.withStatus(503), "HTTP_5XX", "HTTP 503, body: (empty)", false, Duration.ZERO),
                new Broken("403 without an API body", r -> r.withStatus(403).withBody("Forbidden"), "HTTP_STATUS",
                        "HTTP 403, body: \"Forbidden\"", false, Duration.ZERO),
                new Broken("time-out", r -> r.withStatus(200).withFixedDelay(1500).withBody("{}"), "REQUEST_TIMEOUT",
                        "no reply after 300 ms", true, Duration.ZERO),
                new Broken("connection reset", r -> r.withFault(Fault.CONNECTION_RESET_BY_PEER), "NETWORK_ERROR", null, true, Duration.ZERO),
                new Broken("empty response", r -> r.withFault(Fault.EMPTY_RESPONSE), "NETWORK_ERROR", null, true, Duration.ZERO));
        List<Arguments> cases = new ArrayList<>();
        for (Api api : Api.values()) {
            for (Broken b : broken) {
                cases.add(Arguments.of(api, b));
            }
        }
        return cases.stream();
    }

    private static UnaryOperator<SolverSettings.Builder> shortTimeouts(TestClock clock) {
        return b -> b.clock(clock).submitTimeout(Duration.ofMillis(300)).pollRequestTimeout(Duration.ofMillis(300));
    }

    @ParameterizedTest(name = "{0} submit: {1}")
    @MethodSource("brokenAnswers")
    void answersThatAreNotTheApisOnSubmitAreTransient(Api api, Broken broken) {
        TestClock clock = new TestClock();
        wm.stubFor(api.submit().willReturn(broken.response().apply(aResponse())));
        try (WireMockSolver s = api.solver(shortTimeouts(clock))) {
            Failed f = failed(s.solve("b/1", recaptcha()));
            assertThat(f.error().code()).isEqualTo(broken.code());
            assertThat(f.error().category()).isEqualTo(ErrorCategory.TRANSIENT);
            assertThat(f.error().action()).isEqualTo(ErrorAction.RETRY_LATER);
            assertThat(f.error().waitFor()).isEqualTo(broken.waitFor());
            assertThat(f.ambiguous()).isEqualTo(broken.ambiguous());
            assertThat(f.paid()).isFalse();
            if (broken.detail() != null) {
                assertThat(f.detail()).isEqualTo(broken.detail());
            }
            assertThat(s.count("captcha.fleet.ambiguous.submits")).isEqualTo(broken.ambiguous() ? 1 : 0);
            assertThat(s.solver.concurrencyLimit()).isEqualTo(broken.code().equals("HTTP_429") ? 4 : 8);
            assertThat(s.solver.gate().bannedUntil()).isEqualTo(broken.waitFor().isZero() ? Optional.empty()
                    : Optional.of(clock.instant().plus(broken.waitFor())));
            collectMeterIds(s);
        }
    }

    @ParameterizedTest(name = "{0} poll: {1}")
    @MethodSource("brokenAnswers")
    void answersThatAreNotTheApisOnPollMeanPollingAgain(Api api, Broken broken) {
        TestClock clock = new TestClock();
        wm.stubFor(api.submit().willReturn(api.accepted()));
        // Broken until the solver saw it (the JDK client itself retries a GET once after a cut connection).
        wm.stubFor(api.poll().willReturn(broken.response().apply(aResponse())));
        try (WireMockSolver s = api.solver(shortTimeouts(clock))) {
            s.start("b/1", recaptcha());
            await().until(() -> s.registry.find("captcha.fleet.api.errors").tag("code", broken.code()).counter() != null);
            assertThat(s.listener.result("b/1")).isNull();
            wm.stubFor(api.poll().willReturn(api.solved()));
            clock.advance(broken.waitFor().plusSeconds(1));
            assertThat(((Solved) s.listener.awaitResult("b/1")).token()).isEqualTo("TOKEN");
            assertThat(s.count("captcha.fleet.ambiguous.submits")).isZero();
            collectMeterIds(s);
        }
        assertThat(requests(api.submitPath())).isEqualTo(1);
    }

    @Test
    void aRefusedConnectionIsANetworkErrorThatWasNeverSent() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (WireMockSolver s = WireMockSolver.legacy("http://127.0.0.1:" + port + "/")) {
            Failed f = failed(s.solve("b/1", recaptcha()));
            assertThat(f.error().code()).isEqualTo("NETWORK_ERROR");
            assertThat(f.ambiguous()).isFalse();
            assertThat(s.count("captcha.fleet.api.requests", "endpoint", "submit", "result", "network")).isEqualTo(1);
        }
    }

    @Test
    void aFailedBalanceCallNamesTheErrorWithoutTheKey() {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500).withBody(HTML)));
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl())) {
            assertThatThrownBy(() -> s.solver.balance().join()).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(SolverCallException.class)
                    .hasMessage("balance: HTTP_5XX (HTTP 500, body: \"<html><head><title>502 Bad Gateway</title></head><body>nginx key=***</body></html>\")")
                    .satisfies(e -> texts.add(e.getMessage()));
        }
    }

    @Test
    void aWrongKeyOnBalanceHaltsTheGate() {
        wm.stubFor(any(anyUrl()).willReturn(okJson("{\"status\":0,\"request\":\"ERROR_KEY_DOES_NOT_EXIST\"}")));
        try (WireMockSolver s = WireMockSolver.of(ProviderProfiles.byName("2captcha"), wm.baseUrl(), b -> b)) {
            assertThatThrownBy(() -> s.solver.balance().join()).cause().isInstanceOf(SolverCallException.class)
                    .hasMessage("balance: ERROR_KEY_DOES_NOT_EXIST (the API answered ERROR_KEY_DOES_NOT_EXIST)");
            await().until(() -> s.solver.gate().halted());
        }
        assertThat(wm.findAll(postRequestedFor(anyUrl()))).isEmpty();
    }
}
