package io.captchafleet.worker.solver;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.captchafleet.worker.solver.WireMockSolver.KEY;
import static io.captchafleet.worker.solver.WireMockSolver.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.captchafleet.common.errors.ErrorAction;
import io.captchafleet.common.errors.ErrorCategory;
import io.captchafleet.common.model.TaskKind;
import io.captchafleet.common.provider.ProviderProfiles;
import io.captchafleet.worker.solver.SolveResult.Failed;
import io.captchafleet.worker.solver.SolveResult.Solved;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pins the createTask/getTaskResult/getBalance requests and how their answers are read. */
class JsonContractTest {
    private static final String PAGE = "https://example.com/login";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static List<JsonNode> bodies(String path) {
        return wm.findAll(postRequestedFor(urlPathEqualTo(path))).stream().map(r -> WireMockSolver.task(r.getBodyAsString())).map(JsonNode.class::cast).toList();
    }

    /** Solves one task against a ready answer and returns the createTask body sent. */
    private JsonNode createTaskOf(String taskJson, String solution) {
        wm.stubFor(post(urlPathEqualTo("/createTask")).willReturn(okJson("{\"errorId\":0,\"taskId\":4711}")));
        wm.stubFor(post(urlPathEqualTo("/getTaskResult")).willReturn(okJson("{\"errorId\":0,\"status\":\"ready\",\"solution\":" + solution + "}")));
        try (WireMockSolver s = WireMockSolver.json(wm.baseUrl())) {
            assertThat(s.solve("b/1", task(taskJson))).isInstanceOf(Solved.class);
        }
        List<JsonNode> sent = bodies("/createTask");
        assertThat(sent).hasSize(1);
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/createTask"))).get(0).getHeader("Content-Type")).isEqualTo("application/json");
        return sent.get(0);
    }

    @Test
    void recaptchaV2BecomesRecaptchaV2TaskProxyless() {
        JsonNode sent = createTaskOf("{\"id\":\"9\",\"method\":\"userrecaptcha\",\"sitekey\":\"6Le-site\",\"pageurl\":\"" + PAGE + "\",\"invisible\":1}",
                "{\"gRecaptchaResponse\":\"TOK\"}");
        assertThat(sent).isEqualTo(task("{\"clientKey\":\"" + KEY + "\",\"task\":{\"type\":\"RecaptchaV2TaskProxyless\",\"websiteURL\":\"" + PAGE
                + "\",\"websiteKey\":\"6Le-site\",\"isInvisible\":true}}"));
    }

    @Test
    void recaptchaV3BecomesRecaptchaV3TaskProxylessWithMinScoreAndPageAction() {
        JsonNode sent = createTaskOf("{\"method\":\"userrecaptcha\",\"version\":\"v3\",\"sitekey\":\"6Le-v3\",\"pageurl\":\"" + PAGE
                + "\",\"action\":\"login\",\"min_score\":0.7}", "{\"gRecaptchaResponse\":\"TOK\"}");
        assertThat(sent).isEqualTo(task("{\"clientKey\":\"" + KEY + "\",\"task\":{\"type\":\"RecaptchaV3TaskProxyless\",\"websiteURL\":\"" + PAGE
                + "\",\"websiteKey\":\"6Le-v3\",\"minScore\":0.7,\"pageAction\":\"login\"}}"));
    }

    @Test
    void turnstileBecomesTurnstileTaskProxylessWithActionDataAndPagedata() {
        JsonNode sent = createTaskOf("{\"method\":\"turnstile\",\"sitekey\":\"0x4AAA\",\"pageurl\":\"" + PAGE
                + "\",\"action\":\"managed\",\"data\":\"cdata-1\",\"pagedata\":\"chl\"}", "{\"token\":\"TOK\"}");
        assertThat(sent).isEqualTo(task("{\"clientKey\":\"" + KEY + "\",\"task\":{\"type\":\"TurnstileTaskProxyless\",\"websiteURL\":\"" + PAGE
                + "\",\"websiteKey\":\"0x4AAA\",\"action\":\"managed\",\"data\":\"cdata-1\",\"pagedata\":\"chl\"}}"));
    }

    @Test
    void hcaptchaBecomesHCaptchaTaskProxyless() {
        JsonNode sent = createTaskOf("{\"method\":\"hcaptcha\",\"sitekey\":\"h-site\",\"pageurl\":\"" + PAGE + "\"}", "{\"gRecaptchaResponse\":\"TOK\"}");
        assertThat(sent).isEqualTo(task("{\"clientKey\":\"" + KEY + "\",\"task\":{\"type\":\"HCaptchaTaskProxyless\",\"websiteURL\":\"" + PAGE
                + "\",\"websiteKey\":\"h-site\"}}"));
    }

    @Test
    void base64ImageBecomesImageToTextTask() {
        JsonNode sent = createTaskOf("{\"method\":\"base64\",\"body\":\"R0lGODlh\"}", "{\"text\":\"abc12\"}");
        assertThat(sent).isEqualTo(task("{\"clientKey\":\"" + KEY + "\",\"task\":{\"type\":\"ImageToTextTask\",\"body\":\"R0lGODlh\"}}"));
    }

    @Test
    void aTaskWithAnExplicitTypeIsPassedThroughWithoutItsId() {
        JsonNode sent = createTaskOf("{\"id\":\"x1\",\"type\":\"FunCaptchaTaskProxyless\",\"websiteURL\":\"" + PAGE + "\",\"websitePublicKey\":\"pk\"}",
                "{\"token\":\"TOK\"}");
        assertThat(sent).isEqualTo(task("{\"clientKey\":\"" + KEY + "\",\"task\":{\"type\":\"FunCaptchaTaskProxyless\",\"websiteURL\":\"" + PAGE
                + "\",\"websitePublicKey\":\"pk\"}}"));
    }

    @Test
    void aMethodWithoutATaskTypeFailsAsInvalidWithoutASubmit() {
        try (WireMockSolver s = WireMockSolver.json(wm.baseUrl())) {
            Failed failed = (Failed) s.solve("b/1", task("{\"method\":\"geetest\",\"gt\":\"g\"}"));
            assertThat(failed.error().category()).isEqualTo(ErrorCategory.INVALID);
            assertThat(failed.error().action()).isEqualTo(ErrorAction.FAIL);
            assertThat(failed.detail()).isEqualTo("method \"geetest\" has no JSON-API task type: give the task a \"type\"");
            assertThat(failed.paid()).isFalse();
        }
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void processingAndIdleArePolledAgainAndReadyCarriesTokenAndCost() {
        wm.stubFor(post(urlPathEqualTo("/createTask")).willReturn(okJson("{\"errorId\":0,\"taskId\":\"61138bb6-19fb-11ec-a9c8-0242ac110006\"}")));
        wm.stubFor(post(urlPathEqualTo("/getTaskResult")).inScenario("r").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"errorId\":0,\"status\":\"idle\"}")).willSetStateTo("processing"));
        wm.stubFor(post(urlPathEqualTo("/getTaskResult")).inScenario("r").whenScenarioStateIs("processing")
                .willReturn(okJson("{\"errorId\":0,\"status\":\"processing\"}")).willSetStateTo("ready"));
        wm.stubFor(post(urlPathEqualTo("/getTaskResult")).inScenario("r").whenScenarioStateIs("ready")
                .willReturn(okJson("{\"errorId\":0,\"status\":\"ready\",\"cost\":\"0.00299\",\"solution\":{\"gRecaptchaResponse\":\"TOK-R\"}}")));
        try (WireMockSolver s = WireMockSolver.json(wm.baseUrl())) {
            Solved solved = (Solved) s.solve("b/1", task("{\"method\":\"userrecaptcha\",\"sitekey\":\"k\",\"pageurl\":\"" + PAGE + "\"}"));
            assertThat(solved.token()).isEqualTo("TOK-R");
            assertThat(solved.cost()).isEqualTo(new Cost(new BigDecimal("0.00299"), Cost.API));
            assertThat(solved.solverId()).isEqualTo("61138bb6-19fb-11ec-a9c8-0242ac110006");
        }
        assertThat(bodies("/getTaskResult")).hasSize(3).allSatisfy(b -> assertThat(b).isEqualTo(
                task("{\"clientKey\":\"" + KEY + "\",\"taskId\":\"61138bb6-19fb-11ec-a9c8-0242ac110006\"}")));
    }

    @Test
    void aSubmitAnsweredWithTheSolutionIsSolvedWithoutAPoll() {
        wm.stubFor(post(urlPathEqualTo("/createTask")).willReturn(okJson(
                "{\"errorId\":0,\"taskId\":\"t-1\",\"status\":\"ready\",\"solution\":{\"text\":\"44795sds\"}}")));
        try (WireMockSolver s = WireMockSolver.json(wm.baseUrl())) {
            Solved solved = (Solved) s.solve("b/1", task("{\"method\":\"base64\",\"body\":\"R0lGODlh\"}"));
            assertThat(solved.token()).isEqualTo("44795sds");
            assertThat(solved.solverId()).isEqualTo("t-1");
            assertThat(s.listener.events("b/1")).extracting(RecordingListener.Event::kind).containsExactly("paid", "done");
        }
        assertThat(bodies("/getTaskResult")).isEmpty();
    }

    @Test
    void numericTaskIdsArePolledAsNumbers() {
        createTaskOf("{\"method\":\"hcaptcha\",\"sitekey\":\"h\",\"pageurl\":\"" + PAGE + "\"}", "{\"gRecaptchaResponse\":\"TOK\"}");
        assertThat(bodies("/getTaskResult").get(0)).isEqualTo(task("{\"clientKey\":\"" + KEY + "\",\"taskId\":4711}"));
    }

    @Test
    void anErrorIdIsTheApisErrorWhateverTheStatus() {
        wm.stubFor(post(urlPathEqualTo("/createTask")).willReturn(okJson("{\"errorId\":1,\"errorCode\":\"ERROR_BAD_PARAMETERS\",\"errorDescription\":\"no websiteKey\"}")
                .withStatus(400)));
        try (WireMockSolver s = WireMockSolver.json(wm.baseUrl())) {
            Failed failed = (Failed) s.solve("b/1", task("{\"method\":\"hcaptcha\",\"pageurl\":\"" + PAGE + "\"}"));
            assertThat(failed.error().code()).isEqualTo("ERROR_BAD_PARAMETERS");
            assertThat(failed.error().action()).isEqualTo(ErrorAction.FAIL);
            assertThat(failed.detail()).isEqualTo("the API answered ERROR_BAD_PARAMETERS (no websiteKey)");
        }
    }

    @Test
    void balanceAndReportsUseTheProfilesMethodPerTaskKind() {
        wm.stubFor(post(urlPathEqualTo("/getBalance")).willReturn(okJson("{\"errorId\":0,\"balance\":3.25}")));
        wm.stubFor(post(urlPathEqualTo("/reportIncorrectRecaptcha")).willReturn(okJson("{\"errorId\":0,\"status\":\"success\"}")));
        wm.stubFor(post(urlPathEqualTo("/reportCorrectRecaptcha")).willReturn(okJson("{\"errorId\":0,\"status\":\"success\"}")));
        wm.stubFor(post(urlPathEqualTo("/reportIncorrectImageCaptcha"))
                .willReturn(okJson("{\"errorId\":16,\"errorCode\":\"ERROR_NO_SUCH_CAPCHA_ID\",\"errorDescription\":\"gone\"}")));
        try (WireMockSolver s = WireMockSolver.of(ProviderProfiles.byName("anti-captcha"), wm.baseUrl(), b -> b)) {
            assertThat(s.solver.balance().join()).isEqualByComparingTo(new BigDecimal("3.25"));
            assertThat(s.solver.report("77", TaskKind.RECAPTCHA_V2, false).join()).isEqualTo("success");
            assertThat(s.solver.report("78", TaskKind.RECAPTCHA_V3, true).join()).isEqualTo("success");
            assertThat(s.solver.report("79", TaskKind.IMAGE, false).join()).isEqualTo("ERROR_NO_SUCH_CAPCHA_ID");
            assertThat(s.solver.report("80", TaskKind.TURNSTILE, true).join()).as("no such report at Anti-Captcha").isEqualTo("not_supported");
            assertThat(s.solver.reportWindow()).contains(java.time.Duration.ofSeconds(60));
        }
        assertThat(bodies("/getBalance")).containsExactly(task("{\"clientKey\":\"" + KEY + "\"}"));
        assertThat(bodies("/reportIncorrectRecaptcha")).containsExactly(task("{\"clientKey\":\"" + KEY + "\",\"taskId\":77}"));
        assertThat(bodies("/reportCorrectRecaptcha")).containsExactly(task("{\"clientKey\":\"" + KEY + "\",\"taskId\":78}"));
        assertThat(bodies("/reportIncorrectImageCaptcha")).containsExactly(task("{\"clientKey\":\"" + KEY + "\",\"taskId\":79}"));
    }
}
