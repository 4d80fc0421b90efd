package io.captchafleet.sandbox.simulator;

import static io.captchafleet.sandbox.simulator.ApiClient.KEY;
import static io.captchafleet.sandbox.simulator.ApiClient.createTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonProtocolTest {
    private final ManualClock clock = new ManualClock();
    private SolverSimulator simulator;
    private ApiClient api;

    @BeforeEach
    void start() {
        simulator = SolverSimulator.start(SimulatorSettings.builder()
                .latency(Latency.fixed(Duration.ofSeconds(10))).clock(clock).balance(100).seed(3).build());
        api = new ApiClient(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private JsonNode create(Map<String, Object> task) {
        return ApiClient.json(api.postJson("createTask", createTask(task)));
    }

    private JsonNode result(Object taskId) {
        return ApiClient.json(api.postJson("getTaskResult", Map.of("clientKey", KEY, "taskId", taskId)));
    }

    @Test
    void createdTaskIsProcessingThenReadyWithTokenAndCost() {
        JsonNode created = create(Map.of("type", "RecaptchaV2TaskProxyless", "websiteURL", "https://example.com/j", "websiteKey", "k"));
        assertThat(created.path("errorId").asInt()).isZero();
        long taskId = created.path("taskId").asLong();
        assertThat(created.toString()).isEqualTo("{\"errorId\":0,\"taskId\":" + taskId + "}");

        assertThat(result(taskId).toString()).isEqualTo("{\"errorId\":0,\"status\":\"processing\"}");
        clock.advance(Duration.ofSeconds(10));
        JsonNode ready = result(taskId);
        assertThat(ready.path("status").asText()).isEqualTo("ready");
        assertThat(ready.path("solution").path("gRecaptchaResponse").asText()).startsWith("SIMULATED." + taskId + ".");
        assertThat(ready.path("cost").asText()).isEqualTo("0.00299");
        // A task id sent as a string (CapSolver's style) reads the same.
        assertThat(result(Long.toString(taskId)).path("status").asText()).isEqualTo("ready");
    }

    @ParameterizedTest
    @CsvSource({
        "RecaptchaV3TaskProxyless, gRecaptchaResponse",
        "HCaptchaTaskProxyless, gRecaptchaResponse",
        "TurnstileTaskProxyless, token",
        "FunCaptchaTaskProxyless, token",
    })
    void solutionFieldFollowsTheTaskType(String type, String field) {
        long taskId = create(Map.of("type", type, "websiteURL", "https://example.com/" + type, "websiteKey", "k")).path("taskId").asLong();
        clock.advance(Duration.ofSeconds(10));
        assertThat(result(taskId).path("solution").path(field).asText()).startsWith("SIMULATED.");
    }

    @Test
    void imageToTextAnswersText() {
        String image = Base64.getEncoder().encodeToString(new byte[300]);
        long taskId = create(Map.of("type", "ImageToTextTask", "body", image)).path("taskId").asLong();
        clock.advance(Duration.ofSeconds(10));
        assertThat(result(taskId).path("solution").path("text").asText()).startsWith("SIMULATED.");
    }

    @Test
    void errorsCarryIdCodeAndDescription() {
        assertThat(create(Map.of("type", "RecaptchaV2TaskProxyless", "websiteKey", "k")).toString())
                .isEqualTo("{\"errorId\":1,\"errorCode\":\"ERROR_PAGEURL\",\"errorDescription\":\"The task has no websiteURL.\"}");
        assertThat(ApiClient.json(api.postJson("createTask", Map.of("clientKey", KEY))).path("errorCode").asText())
                .isEqualTo("ERROR_TASK_ABSENT");
        assertThat(create(Map.of("websiteURL", "https://example.com")).path("errorCode").asText()).isEqualTo("ERROR_TASK_NOT_SUPPORTED");
        assertThat(create(Map.of("type", "ImageToTextTask", "body", "AAAA")).path("errorCode").asText())
                .isEqualTo("ERROR_ZERO_CAPTCHA_FILESIZE");
        JsonNode unknown = result(42);
        assertThat(unknown.path("errorId").asInt()).isEqualTo(16);
        assertThat(unknown.path("errorCode").asText()).isEqualTo("ERROR_TASKID_INVALID");
        assertThat(simulator.stats().rejectedSubmits()).isEqualTo(4);
    }

    @Test
    void balanceIsTheRemainingSubmitsPriced() {
        create(Map.of("type", "TurnstileTaskProxyless", "websiteURL", "https://example.com/b", "websiteKey", "k"));
        JsonNode balance = ApiClient.json(api.postJson("getBalance", Map.of("clientKey", KEY)));
        assertThat(balance.path("errorId").asInt()).isZero();
        assertThat(balance.path("balance").decimalValue()).isEqualByComparingTo("0.29601");
    }

    @Test
    void malformedBodyIsAKeyErrorNotACrash() {
        JsonNode answer = ApiClient.json(api.send(HttpRequest.newBuilder(api.base().resolve("createTask"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"clientKey\":"))));
        assertThat(answer.path("errorCode").asText()).isEqualTo("ERROR_WRONG_USER_KEY");
    }
}
