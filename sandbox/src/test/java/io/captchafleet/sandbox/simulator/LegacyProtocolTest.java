package io.captchafleet.sandbox.simulator;

import static io.captchafleet.sandbox.simulator.ApiClient.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LegacyProtocolTest {
    private final ManualClock clock = new ManualClock();
    private SolverSimulator simulator;
    private ApiClient api;

    private void start(SimulatorSettings.Builder settings) {
        simulator = SolverSimulator.start(settings.seed(7).build());
        api = new ApiClient(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void plainTextSubmitIsNotReadyThenAnswersTheTokenAfterTheLatency() {
        start(SimulatorSettings.builder().latency(Latency.fixed(Duration.ofSeconds(10))).clock(clock));

        HttpResponse<String> submitted = api.submitRecaptcha("https://example.com/login", false);
        assertThat(submitted.statusCode()).isEqualTo(200);
        assertThat(submitted.body()).matches("OK\\|[0-9]{10}");
        String id = submitted.body().substring(3);

        assertThat(api.get("res.php", "key", KEY, "action", "get", "id", id).body()).isEqualTo("CAPCHA_NOT_READY");
        clock.advance(Duration.ofMillis(9_999));
        assertThat(api.get("res.php", "key", KEY, "action", "get", "id", id).body()).isEqualTo("CAPCHA_NOT_READY");
        clock.advance(Duration.ofMillis(1));
        assertThat(api.get("res.php", "key", KEY, "action", "get", "id", id).body()).matches("OK\\|SIMULATED\\." + id + "\\.[0-9a-f]+");
    }

    @Test
    void jsonSubmitAndPollAnswerWithStatusAndRequest() {
        start(SimulatorSettings.builder().latency(Latency.fixed(Duration.ofSeconds(10))).clock(clock));

        JsonNode submitted = ApiClient.json(api.submitRecaptcha("https://example.com/a", true));
        assertThat(submitted.path("status").asInt()).isEqualTo(1);
        String id = submitted.path("request").asText();
        assertThat(id).matches("[0-9]{10}");

        assertThat(api.poll(id).toString()).isEqualTo("{\"status\":0,\"request\":\"CAPCHA_NOT_READY\"}");
        clock.advance(Duration.ofSeconds(10));
        JsonNode ready = api.poll(id);
        assertThat(ready.path("status").asInt()).isEqualTo(1);
        assertThat(ready.path("request").asText()).startsWith("SIMULATED." + id + ".");
    }

    @Test
    void tokenArrivesOnTheRealClockWithoutAnyThreadWaiting() {
        start(SimulatorSettings.builder().latency(Latency.fixed(Duration.ofMillis(300))));

        String id = api.submitRecaptchaId("https://example.com/real-clock");
        assertThat(api.poll(id).path("request").asText()).isEqualTo("CAPCHA_NOT_READY");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(api.poll(id).path("request").asText()).startsWith("SIMULATED."));
    }

    @Test
    void formPostSubmitsLikeGet() {
        start(SimulatorSettings.builder().latency(Latency.fixed(Duration.ZERO)).clock(clock));

        HttpResponse<String> submitted = api.postForm("in.php", "key", KEY, "method", "hcaptcha", "sitekey", "site",
                "pageurl", "https://example.com/form", "json", "1");
        String id = ApiClient.json(submitted).path("request").asText();

        HttpResponse<String> result = api.postForm("res.php", "key", KEY, "action", "get", "id", id);
        assertThat(result.body()).startsWith("OK|SIMULATED." + id + ".");
    }

    @Test
    void multiIdAnswersComeInTheOrderAskedOnePerId() {
        start(SimulatorSettings.builder().latency(Latency.fixed(Duration.ofSeconds(10))).clock(clock));
        String first = api.submitRecaptchaId("https://example.com/1");
        clock.advance(Duration.ofSeconds(5));
        String second = api.submitRecaptchaId("https://example.com/2");
        clock.advance(Duration.ofSeconds(5));

        // first is ready, second is not; an unknown id and a malformed one answer in their places.
        HttpResponse<String> plain = api.get("res.php", "key", KEY, "action", "get",
                "ids", second + "," + first + ",1234567890,abc");
        List<String> answers = List.of(plain.body().split("\\|", -1));
        assertThat(answers).hasSize(4);
        assertThat(answers.get(0)).isEqualTo("CAPCHA_NOT_READY");
        assertThat(answers.get(1)).startsWith("SIMULATED." + first + ".");
        assertThat(answers.subList(2, 4)).containsExactly("ERROR_NO_SUCH_CAPCHA_ID", "ERROR_WRONG_ID_FORMAT");

        JsonNode json = ApiClient.json(api.get("res.php", "key", KEY, "action", "get", "ids", first + "," + second, "json", "1"));
        assertThat(json.path("status").asInt()).isEqualTo(1);
        assertThat(json.path("request").asText().split("\\|")).hasSize(2).startsWith(answers.get(1)).endsWith("CAPCHA_NOT_READY");

        SimulatorStats stats = simulator.stats();
        assertThat(stats.resultRequests()).isEqualTo(2);
        assertThat(stats.idsPolled()).isEqualTo(6);
    }

    @Test
    void submitsAreCheckedLikeTheRealService() {
        start(SimulatorSettings.builder().clock(clock));

        assertThat(api.get("in.php", "key", KEY, "method", "userrecaptcha", "pageurl", "https://example.com").body())
                .isEqualTo("ERROR_GOOGLEKEY");
        assertThat(api.get("in.php", "key", KEY, "method", "userrecaptcha", "googlekey", "k").body())
                .isEqualTo("ERROR_PAGEURL");
        assertThat(api.get("in.php", "key", KEY, "method", "turnstile", "pageurl", "https://example.com").body())
                .isEqualTo("ERROR_SITEKEY");
        assertThat(api.get("in.php", "key", KEY, "method", "hcaptcha", "sitekey", "k", "json", "1").body())
                .isEqualTo("{\"status\":0,\"request\":\"ERROR_PAGEURL\"}");
        assertThat(api.get("in.php", "key", KEY, "method", "base64", "body", Base64.getEncoder().encodeToString(new byte[99])).body())
                .isEqualTo("ERROR_ZERO_CAPTCHA_FILESIZE");
        assertThat(api.get("in.php", "key", KEY, "method", "base64", "body", "not base64!").body())
                .isEqualTo("ERROR_UPLOAD");
        assertThat(api.get("in.php", "key", KEY, "method", "no-such-method").body()).isEqualTo("ERROR_BAD_PARAMETERS");
        assertThat(api.get("in.php", "key", KEY).body()).isEqualTo("ERROR_BAD_PARAMETERS");

        assertThat(simulator.stats().rejectedSubmits()).isEqualTo(8);
        assertThat(simulator.stats().acceptedSubmits()).isZero();
    }

    @Test
    void imagesAndPassThroughMethodsAreAcceptedAndIdentifiedByContent() {
        start(SimulatorSettings.builder().latency(Latency.fixed(Duration.ZERO)).clock(clock));
        String image = Base64.getEncoder().encodeToString(new byte[500]);

        String imageId = api.get("in.php", "key", KEY, "method", "base64", "body", image).body().substring(3);
        assertThat(api.get("res.php", "key", KEY, "action", "get", "id", imageId).body()).startsWith("OK|SIMULATED.");
        assertThat(api.get("in.php", "key", KEY, "method", "geetest", "gt", "g", "challenge", "c", "pageurl", "https://example.com/g").body())
                .startsWith("OK|");

        assertThat(simulator.taskStats().keySet()).hasSize(2).contains("https://example.com/g")
                .anySatisfy(identity -> assertThat(identity).matches("image:[0-9a-f]{32}"));
    }

    @Test
    void balanceAndReportsAnswerInBothForms() {
        start(SimulatorSettings.builder().balance(1000).clock(clock));
        String id = api.submitRecaptchaId("https://example.com/report");

        assertThat(api.get("res.php", "key", KEY, "action", "getbalance").body()).isEqualTo("2.98701");
        assertThat(api.get("res.php", "key", KEY, "action", "getbalance", "json", "1").body())
                .isEqualTo("{\"status\":1,\"request\":\"2.98701\"}");
        assertThat(api.get("res.php", "key", KEY, "action", "reportbad", "id", id).body()).isEqualTo("OK_REPORT_RECORDED");
        assertThat(api.get("res.php", "key", KEY, "action", "reportgood", "id", id, "json", "1").body())
                .isEqualTo("{\"status\":1,\"request\":\"OK_REPORT_RECORDED\"}");
        assertThat(api.get("res.php", "key", KEY, "action", "reportbad", "id", "42").body()).isEqualTo("ERROR_WRONG_CAPTCHA_ID");
        assertThat(api.get("res.php", "key", KEY, "action", "dance").body()).isEqualTo("ERROR_BAD_PARAMETERS");
    }
}
