package io.captchafleet.worker.solver;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.captchafleet.worker.solver.WireMockSolver.KEY;
import static io.captchafleet.worker.solver.WireMockSolver.form;
import static io.captchafleet.worker.solver.WireMockSolver.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.captchafleet.common.errors.ErrorAction;
import io.captchafleet.common.errors.Phase;
import io.captchafleet.common.model.TaskKind;
import io.captchafleet.common.provider.ProviderProfiles;
import io.captchafleet.worker.solver.SolveResult.Failed;
import io.captchafleet.worker.solver.SolveResult.Solved;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pins the exact requests of the in.php/res.php protocol and how their answers are read. */
class LegacyContractTest {
    private static final String PAGE = "https://example.com/login";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static void submitAnswers(String id) {
        wm.stubFor(post(urlPathEqualTo("/in.php")).willReturn(okJson("{\"status\":1,\"request\":\"" + id + "\"}")));
    }

    private static void pollAnswers(String body) {
        wm.stubFor(get(urlPathEqualTo("/res.php")).withQueryParam("action", equalTo("get")).willReturn(okJson(body)));
    }

    private static Map<String, String> onlySubmit() {
        List<LoggedRequest> sent = wm.findAll(postRequestedFor(urlPathEqualTo("/in.php")));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).getHeader("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        return form(sent.get(0).getBodyAsString());
    }

    private static List<Map<String, String>> polls() {
        return wm.findAll(getRequestedFor(urlPathEqualTo("/res.php"))).stream().map(r -> form(r.getUrl().substring(r.getUrl().indexOf('?') + 1))).toList();
    }

    private Map<String, String> submitOf(String taskJson) {
        submitAnswers("111");
        pollAnswers("{\"status\":1,\"request\":\"TOKEN-1\"}");
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl())) {
            SolveResult result = s.solve("b/1", task(taskJson));
            assertThat(result).isInstanceOf(Solved.class);
            assertThat(((Solved) result).token()).isEqualTo("TOKEN-1");
        }
        return onlySubmit();
    }

    @Test
    void recaptchaV2SendsSitekeyAsGooglekeyAndNeverTheTasksOwnId() {
        Map<String, String> sent = submitOf("{\"id\":\"7\",\"method\":\"userrecaptcha\",\"sitekey\":\"6Le-site\",\"pageurl\":\"" + PAGE + "\"}");
        assertThat(sent).containsExactly(entry("key", KEY), entry("json", "1"), entry("method", "userrecaptcha"),
                entry("googlekey", "6Le-site"), entry("pageurl", PAGE));
    }

    @Test
    void invisibleAndEnterpriseRecaptchaSendTheirFlagsAsOne() {
        Map<String, String> sent = submitOf("{\"method\":\"userrecaptcha\",\"sitekey\":\"6Le-site\",\"pageurl\":\"" + PAGE
                + "\",\"invisible\":1,\"enterprise\":true,\"key\":\"not-ours\"}");
        assertThat(sent).containsExactly(entry("key", KEY), entry("json", "1"), entry("method", "userrecaptcha"),
                entry("googlekey", "6Le-site"), entry("pageurl", PAGE), entry("invisible", "1"), entry("enterprise", "1"));
    }

    @Test
    void recaptchaV3SendsVersionActionAndMinScore() {
        Map<String, String> sent = submitOf("{\"method\":\"userrecaptcha\",\"version\":\"v3\",\"sitekey\":\"6Le-v3\",\"pageurl\":\"" + PAGE
                + "\",\"action\":\"login\",\"min_score\":0.3}");
        assertThat(sent).containsExactly(entry("key", KEY), entry("json", "1"), entry("method", "userrecaptcha"),
                entry("version", "v3"), entry("googlekey", "6Le-v3"), entry("pageurl", PAGE), entry("action", "login"),
                entry("min_score", "0.3"));
    }

    @Test
    void hcaptchaKeepsTheNameSitekey() {
        Map<String, String> sent = submitOf("{\"method\":\"hcaptcha\",\"sitekey\":\"h-site\",\"pageurl\":\"" + PAGE + "\"}");
        assertThat(sent).containsExactly(entry("key", KEY), entry("json", "1"), entry("method", "hcaptcha"),
                entry("sitekey", "h-site"), entry("pageurl", PAGE));
    }

    @Test
    void turnstileSendsActionDataAndPagedata() {
        Map<String, String> sent = submitOf("{\"method\":\"turnstile\",\"sitekey\":\"0x4AAA\",\"pageurl\":\"" + PAGE
                + "\",\"action\":\"managed\",\"data\":\"cdata-1\",\"pagedata\":\"chl-page\"}");
        assertThat(sent).containsExactly(entry("key", KEY), entry("json", "1"), entry("method", "turnstile"),
                entry("sitekey", "0x4AAA"), entry("pageurl", PAGE), entry("action", "managed"), entry("data", "cdata-1"),
                entry("pagedata", "chl-page"));
    }

    @Test
    void base64ImageIsPostedWithItsBody() {
        String body = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
        Map<String, String> sent = submitOf("{\"method\":\"base64\",\"body\":\"" + body + "\",\"numeric\":1}");
        assertThat(sent).containsExactly(entry("key", KEY), entry("json", "1"), entry("method", "base64"), entry("body", body),
                entry("numeric", "1"));
    }

    @Test
    void anyOtherMethodIsPassedThrough() {
        Map<String, String> sent = submitOf("{\"id\":3,\"method\":\"geetest\",\"gt\":\"g-1\",\"challenge\":\"c-1\",\"api_server\":\"api.geetest.com\",\"pageurl\":\""
                + PAGE + "\"}");
        assertThat(sent).containsExactly(entry("key", KEY), entry("json", "1"), entry("method", "geetest"), entry("gt", "g-1"),
                entry("challenge", "c-1"), entry("api_server", "api.geetest.com"), entry("pageurl", PAGE));
    }

    @Test
    void aSingleDueIdIsPolledWithIdAndTheListenerHearsPaidBeforeDone() {
        submitAnswers("111");
        wm.stubFor(get(urlPathEqualTo("/res.php")).inScenario("poll").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"status\":0,\"request\":\"CAPCHA_NOT_READY\"}")).willSetStateTo("ready"));
        wm.stubFor(get(urlPathEqualTo("/res.php")).inScenario("poll").whenScenarioStateIs("ready")
                .willReturn(okJson("{\"status\":1,\"request\":\"TOKEN-1\"}")));
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl())) {
            Solved solved = (Solved) s.solve("b/1", task("{\"method\":\"hcaptcha\",\"sitekey\":\"h\",\"pageurl\":\"" + PAGE + "\"}"));
            assertThat(solved.solverId()).isEqualTo("111");
            assertThat(s.listener.events("b/1")).extracting(RecordingListener.Event::kind).containsExactly("paid", "done");
            assertThat(s.count("captcha.fleet.api.requests", "endpoint", "poll", "result", "not_ready")).isEqualTo(1);
            assertThat(s.count("captcha.fleet.api.requests", "endpoint", "poll", "result", "ok")).isEqualTo(1);
            assertThat(s.count("captcha.fleet.paid.submits")).isEqualTo(1);
        }
        assertThat(polls()).allSatisfy(q -> assertThat(q).containsExactly(entry("key", KEY), entry("action", "get"), entry("json", "1"),
                entry("id", "111")));
    }

    /** Submits three tasks one after another on a frozen clock, so their ids are due together in submit order. */
    private static void submitThree(WireMockSolver s, TestClock clock) {
        for (String name : List.of("a", "b", "c")) {
            wm.stubFor(post(urlPathEqualTo("/in.php")).withFormParam("pageurl", equalTo("https://" + name + ".example/"))
                    .willReturn(okJson("{\"status\":1,\"request\":\"id-" + name + "\"}")));
            s.start("b/" + name, task("{\"method\":\"hcaptcha\",\"sitekey\":\"h\",\"pageurl\":\"https://" + name + ".example/\"}"));
            await().until(() -> s.listener.events("b/" + name).size() == 1);
        }
        clock.advance(Duration.ofSeconds(1));
    }

    @Test
    void dueIdsArePolledTogetherAndTheAnswersAreReadInIdOrder() {
        TestClock clock = new TestClock();
        pollAnswers("{\"status\":1,\"request\":\"TOK-A|CAPCHA_NOT_READY|ERROR_CAPTCHA_UNSOLVABLE\"}");
        wm.stubFor(get(urlPathEqualTo("/res.php")).withQueryParam("id", equalTo("id-b")).willReturn(okJson("{\"status\":1,\"request\":\"TOK-B\"}")));
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl(), b -> b.clock(clock).firstPollDelay(Duration.ofSeconds(1)))) {
            submitThree(s, clock);
            assertThat(((Solved) s.listener.awaitResult("b/a")).token()).isEqualTo("TOK-A");
            Failed unsolvable = (Failed) s.listener.awaitResult("b/c");
            assertThat(unsolvable.error().code()).isEqualTo("ERROR_CAPTCHA_UNSOLVABLE");
            assertThat(unsolvable.error().action()).isEqualTo(ErrorAction.RETRY_ONCE);
            assertThat(unsolvable.phase()).isEqualTo(Phase.POLL);
            assertThat(unsolvable.solverId()).isEqualTo("id-c");
            assertThat(unsolvable.paid()).isTrue();
            clock.advance(Duration.ofSeconds(1));
            assertThat(((Solved) s.listener.awaitResult("b/b")).token()).isEqualTo("TOK-B");
        }
        List<Map<String, String>> polls = polls();
        assertThat(polls.get(0)).containsExactly(entry("key", KEY), entry("action", "get"), entry("json", "1"), entry("ids", "id-a,id-b,id-c"));
        assertThat(polls.get(1)).containsEntry("id", "id-b");
        assertThat(polls).hasSize(2);
    }

    @Test
    void aMultiIdAnswerWithTheWrongCountMeansPollingAgainNeverSubmittingAgain() {
        TestClock clock = new TestClock();
        wm.stubFor(get(urlPathEqualTo("/res.php")).inScenario("count").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"status\":1,\"request\":\"TOK-A|TOK-B\"}")).willSetStateTo("right"));
        wm.stubFor(get(urlPathEqualTo("/res.php")).inScenario("count").whenScenarioStateIs("right")
                .willReturn(okJson("{\"status\":1,\"request\":\"TOK-A|TOK-B|TOK-C\"}")));
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl(), b -> b.clock(clock).firstPollDelay(Duration.ofSeconds(1)))) {
            submitThree(s, clock);
            await().until(() -> polls().size() == 1);
            assertThat(s.listener.done()).isZero();
            clock.advance(Duration.ofSeconds(1));
            assertThat(((Solved) s.listener.awaitResult("b/c")).token()).isEqualTo("TOK-C");
            assertThat(s.count("captcha.fleet.api.requests", "endpoint", "poll", "result", "bad_response")).isEqualTo(1);
        }
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/in.php")))).hasSize(3);
        assertThat(polls()).hasSize(2);
    }

    @Test
    void anAccountErrorForAWholeMultiIdRequestEndsEverySolveInItAndHalts() {
        TestClock clock = new TestClock();
        pollAnswers("{\"status\":0,\"request\":\"ERROR_WRONG_USER_KEY\"}");
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl(), b -> b.clock(clock).firstPollDelay(Duration.ofSeconds(1)))) {
            submitThree(s, clock);
            for (String name : List.of("a", "b", "c")) {
                Failed f = (Failed) s.listener.awaitResult("b/" + name);
                assertThat(f.error().code()).isEqualTo("ERROR_WRONG_USER_KEY");
                assertThat(f.error().action()).isEqualTo(ErrorAction.HALT);
                assertThat(f.solverId()).isEqualTo("id-" + name);
            }
            assertThat(s.solver.gate().halted()).isTrue();
        }
    }

    @Test
    void aTaskErrorForAWholeMultiIdRequestCannotBePinnedOnAnIdSoTheyArePolledAgain() {
        TestClock clock = new TestClock();
        wm.stubFor(get(urlPathEqualTo("/res.php")).inScenario("whole").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"status\":0,\"request\":\"ERROR_CAPTCHA_UNSOLVABLE\"}")).willSetStateTo("answered"));
        wm.stubFor(get(urlPathEqualTo("/res.php")).inScenario("whole").whenScenarioStateIs("answered")
                .willReturn(okJson("{\"status\":1,\"request\":\"TOK-A|TOK-B|TOK-C\"}")));
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl(), b -> b.clock(clock).firstPollDelay(Duration.ofSeconds(1)))) {
            submitThree(s, clock);
            await().until(() -> polls().size() == 1);
            clock.advance(Duration.ofSeconds(1));
            await().until(() -> s.listener.done() == 3);
            assertThat(s.listener.results().values()).allSatisfy(r -> assertThat(r).isInstanceOf(Solved.class));
        }
    }

    @Test
    void multiIdPollsAreChunked() {
        TestClock clock = new TestClock();
        wm.stubFor(get(urlPathEqualTo("/res.php")).withQueryParam("ids", equalTo("id-a,id-b"))
                .willReturn(okJson("{\"status\":1,\"request\":\"TOK-A|TOK-B\"}")));
        wm.stubFor(get(urlPathEqualTo("/res.php")).withQueryParam("id", equalTo("id-c")).willReturn(okJson("{\"status\":1,\"request\":\"TOK-C\"}")));
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl(), b -> b.clock(clock).firstPollDelay(Duration.ofSeconds(1)).multiIdChunk(2))) {
            submitThree(s, clock);
            await().until(() -> s.listener.done() == 3);
        }
        assertThat(polls()).hasSize(2);
    }

    @Test
    void aProfileWithoutMultiIdPollsEachIdAlone() {
        TestClock clock = new TestClock();
        pollAnswers("{\"status\":1,\"request\":\"TOK\"}");
        try (WireMockSolver s = WireMockSolver.of(ProviderProfiles.byName("captchaai"), wm.baseUrl(),
                b -> b.clock(clock).firstPollDelay(Duration.ofSeconds(1)))) {
            submitThree(s, clock);
            await().until(() -> s.listener.done() == 3);
        }
        assertThat(polls()).hasSize(3).allSatisfy(q -> assertThat(q).containsKey("id").doesNotContainKey("ids"));
    }

    @Test
    void balanceAndReportsUseResPhpActions() {
        wm.stubFor(get(urlPathEqualTo("/res.php")).withQueryParam("action", equalTo("getbalance")).willReturn(okJson("{\"status\":1,\"request\":\"12.345\"}")));
        wm.stubFor(get(urlPathEqualTo("/res.php")).withQueryParam("action", equalTo("reportbad")).willReturn(okJson("{\"status\":1,\"request\":\"OK_REPORT_RECORDED\"}")));
        wm.stubFor(get(urlPathEqualTo("/res.php")).withQueryParam("action", equalTo("reportgood")).willReturn(okJson("{\"status\":1,\"request\":\"OK_REPORT_RECORDED\"}")));
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl())) {
            assertThat(s.solver.balance().join()).isEqualByComparingTo(new BigDecimal("12.345"));
            assertThat(s.solver.report("111", TaskKind.IMAGE, false).join()).isEqualTo("OK_REPORT_RECORDED");
            assertThat(s.solver.report("112", TaskKind.TURNSTILE, true).join()).isEqualTo("OK_REPORT_RECORDED");
        }
        assertThat(polls()).containsExactlyInAnyOrder(
                Map.of("key", KEY, "action", "getbalance", "json", "1"),
                Map.of("key", KEY, "action", "reportbad", "json", "1", "id", "111"),
                Map.of("key", KEY, "action", "reportgood", "json", "1", "id", "112"));
    }

    @Test
    void aResumedTaskIsPolledWithoutASubmitEvenWhenItsAttemptTimeIsOver() {
        pollAnswers("{\"status\":1,\"request\":\"TOKEN-R\"}");
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl())) {
            Instant submittedAt = Instant.now().minus(Duration.ofHours(1));
            s.solver.resume(SolveRequest.of("b/9", hcaptcha()), "999", submittedAt, s.listener);
            Solved solved = (Solved) s.listener.awaitResult("b/9");
            assertThat(solved.solverId()).isEqualTo("999");
            assertThat(solved.submittedAt()).isEqualTo(submittedAt);
            assertThat(s.listener.events("b/9")).extracting(RecordingListener.Event::kind).containsExactly("done");
        }
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/in.php")))).isEmpty();
        assertThat(polls()).containsExactly(Map.of("key", KEY, "action", "get", "json", "1", "id", "999"));
    }

    @Test
    void aCancelledSolveLeavesTheScheduleAndHearsNothing() {
        TestClock clock = new TestClock();
        submitAnswers("111");
        pollAnswers("{\"status\":0,\"request\":\"CAPCHA_NOT_READY\"}");
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl(), b -> b.clock(clock))) {
            SolveHandle handle = s.start("b/1", hcaptcha());
            await().until(() -> polls().size() == 1);
            handle.cancel();
            handle.cancel();
            clock.advance(Duration.ofMinutes(10));
            await().during(Duration.ofMillis(200)).until(() -> polls().size() == 1);
            assertThat(s.listener.events("b/1")).extracting(RecordingListener.Event::kind).containsExactly("paid");
        }
    }

    @Test
    void plainTextAnswersOfOlderServersAreUnderstood() {
        wm.stubFor(post(urlPathEqualTo("/in.php")).willReturn(aResponse().withStatus(200).withBody("OK|222")));
        pollAnswers("{\"status\":1,\"request\":\"TOKEN-2\"}");
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl())) {
            assertThat(((Solved) s.solve("b/1", hcaptcha())).solverId()).isEqualTo("222");
        }
    }

    static ObjectNode hcaptcha() {
        return task("{\"method\":\"hcaptcha\",\"sitekey\":\"h\",\"pageurl\":\"" + PAGE + "\"}");
    }
}
