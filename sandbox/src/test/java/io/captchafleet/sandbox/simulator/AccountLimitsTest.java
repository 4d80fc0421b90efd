package io.captchafleet.sandbox.simulator;

import static io.captchafleet.sandbox.simulator.ApiClient.KEY;
import static io.captchafleet.sandbox.simulator.ApiClient.createTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccountLimitsTest {
    private final ManualClock clock = new ManualClock();
    private SolverSimulator simulator;
    private ApiClient api;

    private void start(SimulatorSettings.Builder settings) {
        simulator = SolverSimulator.start(settings.clock(clock).seed(5).build());
        api = new ApiClient(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void withAKeySetEveryOtherKeyIsRefusedOnEveryEndpoint() {
        start(SimulatorSettings.builder().key(KEY).latency(Latency.fixed(Duration.ZERO)));
        String id = api.submitRecaptchaId("https://example.com/key");
        String wrong = "ffffffffffffffffffffffffffffffff";

        assertThat(api.get("in.php", "key", wrong, "method", "userrecaptcha", "googlekey", "k", "pageurl", "https://example.com/key").body())
                .isEqualTo("ERROR_WRONG_USER_KEY");
        assertThat(api.get("res.php", "key", wrong, "action", "get", "id", id, "json", "1").body())
                .isEqualTo("{\"status\":0,\"request\":\"ERROR_WRONG_USER_KEY\"}");
        assertThat(api.get("res.php", "key", wrong, "action", "get", "ids", id).body()).isEqualTo("ERROR_WRONG_USER_KEY");
        assertThat(api.get("res.php", "action", "getbalance").body()).isEqualTo("ERROR_WRONG_USER_KEY");
        assertThat(api.get("res.php", "key", wrong, "action", "reportbad", "id", id).body()).isEqualTo("ERROR_WRONG_USER_KEY");
        for (String path : new String[] {"createTask", "getTaskResult", "getBalance"}) {
            assertThat(ApiClient.json(api.postJson(path, Map.of("clientKey", wrong, "taskId", id))).path("errorCode").asText())
                    .as(path).isEqualTo("ERROR_WRONG_USER_KEY");
        }
        // The right key still works, and the refused submits billed nothing.
        assertThat(api.poll(id).path("status").asInt()).isEqualTo(1);
        assertThat(simulator.stats().acceptedSubmits()).isEqualTo(1);
        assertThat(simulator.stats().rejectedSubmits()).isEqualTo(2);

        simulator.setKey(wrong);
        assertThat(api.poll(id).path("request").asText()).isEqualTo("ERROR_WRONG_USER_KEY");
    }

    @Test
    void withoutAKeySetAnyKeyButABlankOneIsAccepted() {
        start(SimulatorSettings.builder());
        assertThat(api.get("in.php", "key", "anything", "method", "userrecaptcha", "googlekey", "k", "pageurl", "https://example.com/any").body())
                .startsWith("OK|");
        assertThat(api.get("in.php", "method", "userrecaptcha", "googlekey", "k", "pageurl", "https://example.com/any").body())
                .isEqualTo("ERROR_WRONG_USER_KEY");
    }

    @Test
    void balanceRunsOutThenRefillLetsSubmitsThrough() {
        start(SimulatorSettings.builder().balance(2));
        assertThat(api.submitRecaptcha("https://example.com/b1", false).body()).startsWith("OK|");
        assertThat(api.submitRecaptcha("https://example.com/b2", false).body()).startsWith("OK|");
        assertThat(api.submitRecaptcha("https://example.com/b3", false).body()).isEqualTo("ERROR_ZERO_BALANCE");
        assertThat(ApiClient.json(api.postJson("createTask", createTask(Map.of("type", "TurnstileTaskProxyless",
                "websiteURL", "https://example.com/b3", "websiteKey", "k")))).toString())
                .isEqualTo("{\"errorId\":10,\"errorCode\":\"ERROR_ZERO_BALANCE\",\"errorDescription\":\"The account has no funds.\"}");
        assertThat(simulator.stats().balanceRemaining()).isZero();
        assertThat(api.get("res.php", "key", KEY, "action", "getbalance").body()).isEqualTo("0.00000");

        simulator.refill(1);
        assertThat(api.submitRecaptcha("https://example.com/b3", false).body()).startsWith("OK|");
        assertThat(api.submitRecaptcha("https://example.com/b4", false).body()).isEqualTo("ERROR_ZERO_BALANCE");

        HttpResponse<String> refilled = api.postForm("admin/refill?submits=5");
        assertThat(refilled.body()).isEqualTo("{\"balance_remaining\":5}");
        assertThat(api.submitRecaptcha("https://example.com/b4", false).body()).startsWith("OK|");
        assertThat(api.postForm("admin/refill?submits=-1").body())
                .isEqualTo("Invalid value -1 for submits: must be a whole number of at least 0");

        SimulatorStats stats = simulator.stats();
        assertThat(stats.acceptedSubmits()).isEqualTo(4);
        assertThat(stats.rejectedSubmits()).isEqualTo(3);
        assertThat(stats.balanceRemaining()).isEqualTo(4);
    }

    @Test
    void concurrencyLimitRefusesSubmitsWhileTasksAreInProgress() {
        start(SimulatorSettings.builder().maxConcurrent(2).latency(Latency.fixed(Duration.ofSeconds(10))));
        api.submitRecaptchaId("https://example.com/c1");
        clock.advance(Duration.ofSeconds(1));
        api.submitRecaptchaId("https://example.com/c2");
        assertThat(api.submitRecaptcha("https://example.com/c3", false).body()).isEqualTo("ERROR_NO_SLOT_AVAILABLE");

        // The first task is solved at 10 s: its slot frees whether or not anyone polled it.
        clock.advance(Duration.ofSeconds(9));
        assertThat(api.submitRecaptcha("https://example.com/c3", false).body()).startsWith("OK|");
        assertThat(api.submitRecaptcha("https://example.com/c4", false).body()).isEqualTo("ERROR_NO_SLOT_AVAILABLE");
        assertThat(simulator.stats().acceptedSubmits()).isEqualTo(3);
        assertThat(simulator.stats().faultsInjected(Fault.NO_SLOT)).isZero();
    }

    @Test
    void pollsBeyondTheBudgetAreBannedWithError1005() {
        start(SimulatorSettings.builder().pollBudget(3).latency(Latency.fixed(Duration.ofSeconds(60))));
        String id = api.submitRecaptchaId("https://example.com/budget");
        String other = api.submitRecaptchaId("https://example.com/other");
        for (int i = 0; i < 3; i++) {
            assertThat(api.poll(id).path("request").asText()).isEqualTo("CAPCHA_NOT_READY");
        }
        assertThat(api.get("res.php", "key", KEY, "action", "get", "id", id).body()).isEqualTo("ERROR: 1005");
        assertThat(api.get("res.php", "key", KEY, "action", "get", "ids", other + "," + id).body())
                .isEqualTo("CAPCHA_NOT_READY|ERROR: 1005");
        assertThat(ApiClient.json(api.postJson("getTaskResult", Map.of("clientKey", KEY, "taskId", id))).path("errorCode").asText())
                .isEqualTo("ERROR: 1005");

        assertThat(simulator.stats().pollBudgetViolations()).isEqualTo(3);
        assertThat(simulator.taskStats().get("https://example.com/budget").polls()).isEqualTo(6);
    }

    @Test
    void submitRateAboveTheLimitAnswersMaxUserTurnUntilTheWindowMoves() {
        start(SimulatorSettings.builder().submitRateLimit(3));
        for (int i = 0; i < 3; i++) {
            assertThat(api.submitRecaptcha("https://example.com/r" + i, false).body()).startsWith("OK|");
            clock.advance(Duration.ofMillis(500));
        }
        assertThat(api.submitRecaptcha("https://example.com/r3", false).body()).isEqualTo("MAX_USER_TURN");
        assertThat(ApiClient.json(api.postJson("createTask", createTask(Map.of("type", "TurnstileTaskProxyless",
                "websiteURL", "https://example.com/r3", "websiteKey", "k")))).path("errorCode").asText()).isEqualTo("MAX_USER_TURN");

        // 3 s after the first submit, one place frees up.
        clock.advance(Duration.ofMillis(1_500));
        assertThat(api.submitRecaptcha("https://example.com/r3", false).body()).startsWith("OK|");
        assertThat(api.submitRecaptcha("https://example.com/r4", false).body()).isEqualTo("MAX_USER_TURN");
        // Polls are not submits: never limited by the submit rate. An unlimited balance drops by what was billed (4 submits).
        assertThat(api.get("res.php", "key", KEY, "action", "getbalance").body()).isEqualTo("999999.98804");
    }

    @Test
    void solvedResultsExpireAfterTheirTtl() {
        start(SimulatorSettings.builder().resultTtl(Duration.ofMinutes(5)).latency(Latency.fixed(Duration.ofSeconds(10))));
        String id = api.submitRecaptchaId("https://example.com/ttl");
        long taskId = ApiClient.json(api.postJson("createTask", createTask(Map.of("type", "TurnstileTaskProxyless",
                "websiteURL", "https://example.com/ttl-json", "websiteKey", "k")))).path("taskId").asLong();

        clock.advance(Duration.ofSeconds(10).plusMinutes(5).minusMillis(1));
        assertThat(api.poll(id).path("status").asInt()).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(api.get("res.php", "key", KEY, "action", "get", "id", id).body()).isEqualTo("ERROR_NO_SUCH_CAPCHA_ID");
        assertThat(ApiClient.json(api.postJson("getTaskResult", Map.of("clientKey", KEY, "taskId", taskId))).path("errorCode").asText())
                .isEqualTo("ERROR_TASKID_INVALID");
    }
}
