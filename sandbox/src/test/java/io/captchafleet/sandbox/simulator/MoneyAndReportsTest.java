package io.captchafleet.sandbox.simulator;

import static io.captchafleet.sandbox.simulator.ApiClient.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the simulator charges and reports: get2's price, getTaskResult's cost, the balance, reports counted per id. */
class MoneyAndReportsTest {
    private final ManualClock clock = new ManualClock();
    @TempDir
    Path dir;

    private SimulatorSettings.Builder settings() {
        return SimulatorSettings.builder().clock(clock).latency(Latency.fixed(Duration.ofSeconds(10))).seed(3)
                .price(new BigDecimal("0.0025"));
    }

    @Test
    void get2AnswersTheTokenWithItsPriceInBothForms() {
        try (SolverSimulator sim = SolverSimulator.start(settings().build())) {
            ApiClient api = new ApiClient(sim);
            String id = api.submitRecaptchaId("https://example.com/get2");
            assertThat(api.get("res.php", "key", KEY, "action", "get2", "id", id).body()).isEqualTo("CAPCHA_NOT_READY");
            clock.advance(Duration.ofSeconds(10));

            assertThat(api.get("res.php", "key", KEY, "action", "get2", "id", id).body())
                    .matches("OK\\|SIMULATED\\." + id + "\\.[0-9a-f]+\\|0\\.0025");
            JsonNode json = ApiClient.json(api.get("res.php", "key", KEY, "action", "get2", "id", id, "json", "1"));
            assertThat(json.path("status").asInt()).isEqualTo(1);
            assertThat(json.path("request").asText()).startsWith("SIMULATED." + id + ".");
            assertThat(json.path("price").asText()).isEqualTo("0.0025");
            assertThat(api.get("res.php", "key", KEY, "action", "get2", "id", "1234567890").body()).isEqualTo("ERROR_NO_SUCH_CAPCHA_ID");
        }
    }

    @Test
    void theBalanceDropsByThePriceOfEveryBilledSubmitAndTheJsonResultSaysTheCost() {
        try (SolverSimulator sim = SolverSimulator.start(settings().balance(100).build())) {
            ApiClient api = new ApiClient(sim);
            assertThat(api.get("res.php", "key", KEY, "action", "getbalance").body()).isEqualTo("0.25000");
            JsonNode created = ApiClient.json(api.postJson("createTask", ApiClient.createTask(Map.of("type",
                    "RecaptchaV2TaskProxyless", "websiteURL", "https://example.com/json", "websiteKey", "6Le-site-key"))));
            api.submitRecaptchaId("https://example.com/legacy");
            assertThat(ApiClient.json(api.postJson("getBalance", Map.of("clientKey", KEY))).path("balance").decimalValue())
                    .isEqualByComparingTo("0.245");

            clock.advance(Duration.ofSeconds(10));
            JsonNode result = ApiClient.json(api.postJson("getTaskResult", Map.of("clientKey", KEY, "taskId",
                    created.path("taskId").asLong())));
            assertThat(result.path("status").asText()).isEqualTo("ready");
            assertThat(result.path("cost").asText()).isEqualTo("0.0025");
        }
    }

    @Test
    void reportsOfBothProtocolsAreCountedPerIdAndSurviveARestart() {
        String legacy;
        String json;
        try (SolverSimulator sim = SolverSimulator.start(settings().stateDir(dir).build())) {
            ApiClient api = new ApiClient(sim);
            legacy = api.submitRecaptchaId("https://example.com/r1");
            json = Long.toString(ApiClient.json(api.postJson("createTask", ApiClient.createTask(Map.of("type",
                    "RecaptchaV2TaskProxyless", "websiteURL", "https://example.com/r2", "websiteKey", "k")))).path("taskId").asLong());
            assertThat(api.get("res.php", "key", KEY, "action", "reportbad", "id", legacy).body()).isEqualTo("OK_REPORT_RECORDED");
            assertThat(ApiClient.json(api.postJson("reportIncorrectRecaptcha", Map.of("clientKey", KEY, "taskId", Long.parseLong(json))))
                    .toString()).isEqualTo("{\"errorId\":0,\"status\":\"success\"}");
            assertThat(ApiClient.json(api.postJson("reportCorrectRecaptcha", Map.of("clientKey", KEY, "taskId", 1234567890L)))
                    .path("errorCode").asText()).isEqualTo("ERROR_TASKID_INVALID");
        }
        try (SolverSimulator sim = SolverSimulator.start(settings().stateDir(dir).build())) {
            ApiClient api = new ApiClient(sim);
            assertThat(api.get("res.php", "key", KEY, "action", "reportgood", "id", legacy, "json", "1").body())
                    .isEqualTo("{\"status\":1,\"request\":\"OK_REPORT_RECORDED\"}");

            assertThat(sim.reports()).containsExactly(Map.entry(legacy, new ReportCounts(1, 1)), Map.entry(json, new ReportCounts(1, 0)));
            assertThat(sim.stats().badReports()).isEqualTo(2);
            assertThat(sim.stats().goodReports()).isEqualTo(1);
            assertThat(sim.taskStats().get("https://example.com/r1").badReports()).isEqualTo(1);
            assertThat(ApiClient.json(api.get("stats/reports")).path(legacy).toString()).isEqualTo("{\"bad\":1,\"good\":1}");
        }
    }
}
