package io.captchafleet.worker.it;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.model.FleetEventType;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.provider.ProviderProfiles;
import io.captchafleet.common.serde.FleetEventCodec;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.topics.RetryTier;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.worker.solver.ApiKey;
import io.captchafleet.worker.solver.LogCapture;
import io.captchafleet.worker.solver.SolverSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole worker against a provider that echoes the API key in its error codes and descriptions: no
 * record of any topic (outcomes' {@code error}, retry records' {@code last_error}, the FATAL event's
 * {@code code} and {@code message}), no log line and no metric holds the key, and the outcomes' task data
 * hold no proxy password or cookie.
 */
@ExtendWith(KafkaClusterExtension.class)
class EchoedKeyFleetTest {
    private static final String KEY = "ECHOKEY-7d3f9b21c4e85a60";
    private static final String PROXY_PASSWORD = "pr0xy-s3cret";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static TaskRecord task(String batch, String page) {
        ObjectNode data = Json.object();
        data.put("method", "userrecaptcha").put("sitekey", "6Le-test").put("pageurl", "https://example.test/" + page)
                .put("proxy", "alice:" + PROXY_PASSWORD + "@10.0.0.1:3128").put("proxytype", "HTTP").put("cookies", "sid=" + PROXY_PASSWORD);
        return TaskRecord.first(batch, page, 0, data);
    }

    private static void submitAnswers(String page, String body) {
        wm.stubFor(post(urlPathEqualTo("/in.php")).withFormParam("pageurl", equalTo("https://example.test/" + page)).willReturn(okJson(body)));
    }

    @Test
    void aProviderEchoingTheKeyLeavesItInNoRecordLogOrMetric(TestKafka kafka) {
        submitAnswers("garbage", "{\"status\":0,\"request\":\"" + KEY + " is not allowed to do that\"}");
        submitAnswers("fatal", "{\"status\":0,\"request\":\"ERROR_KEY_DOES_NOT_EXIST: key " + KEY + "\",\"error_text\":\"key " + KEY + "\"}");
        try (LogCapture logs = new LogCapture(); FleetHarness fleet = new FleetHarness(kafka, SimulatorSettings.builder().build(), 2)) {
            FleetHarness.Running worker = fleet.start("k1", w -> w, s -> SolverSettings.builder(
                    ProviderProfiles.byName("custom").withBaseUrl(URI.create(wm.baseUrl() + "/")), ApiKey.of(KEY))
                    .firstPollDelay(Duration.ofMillis(100)).pollInterval(Duration.ofMillis(100)));

            // An answer that is the key and some words: an unknown task error, tried once more, then failed.
            TaskRecord garbage = task("echo", "garbage");
            fleet.topics.publish(List.of(garbage));
            Outcome failed = fleet.awaitTerminal(List.of(garbage), Duration.ofMinutes(1)).get(garbage.taskId());
            assertThat(failed.status()).isEqualTo(OutcomeStatus.FAILED);
            assertThat(failed.error()).isEqualTo("UNKNOWN_ERROR");
            // Its one more try went at once, in the same attempt: a second submit, no retry record.
            assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/in.php")).withRequestBody(containing("garbage")))).hasSize(2);
            assertThat(fleet.topics.retryRecords()).isEmpty();
            assertThat(failed.taskData().get("proxy").asText()).isEqualTo("[redacted]@10.0.0.1:3128");
            assertThat(failed.taskData().get("cookies").asText()).isEqualTo("[redacted]");

            // An error code followed by the key: still the configuration error it names, and the fleet halts.
            fleet.topics.publish(List.of(task("echo", "fatal")));
            await().atMost(Duration.ofSeconds(30)).until(() -> worker.process().halted());
            await().atMost(Duration.ofSeconds(10)).until(() -> !fleet.topics.records(fleet.layout.fatalErrors()).isEmpty());
            FleetEvent fatal = FleetEventCodec.read(fleet.topics.records(fleet.layout.fatalErrors()).get(0).value());
            assertThat(fatal.type()).isEqualTo(FleetEventType.FATAL);
            assertThat(fatal.code()).isEqualTo("ERROR_KEY_DOES_NOT_EXIST");

            List<String> topics = new ArrayList<>(List.of(fleet.layout.results(), fleet.layout.fatalErrors(), fleet.layout.deadLetter()));
            RetryTier.parseList(FleetHarness.TIERS, "tiers").forEach(t -> topics.add(fleet.layout.retry(t)));
            for (String topic : topics) {
                for (ConsumerRecord<byte[], byte[]> r : fleet.topics.records(topic)) {
                    assertThat(new String(r.value(), StandardCharsets.UTF_8)).as(topic).doesNotContain(KEY);
                }
            }
            assertThat(fleet.topics.records(fleet.layout.results())).isNotEmpty().allSatisfy(r ->
                    assertThat(new String(r.value(), StandardCharsets.UTF_8)).doesNotContain(PROXY_PASSWORD));
            assertThat(worker.registry().scrape()).contains("captcha_fleet_api_errors_total").doesNotContain(KEY);
            assertThat(logs.lines()).anyMatch(l -> l.contains("ERROR_KEY_DOES_NOT_EXIST"))
                    .noneMatch(l -> l.contains(KEY) || l.contains(PROXY_PASSWORD));
        }
    }
}
