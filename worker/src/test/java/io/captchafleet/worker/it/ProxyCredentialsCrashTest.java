package io.captchafleet.worker.it;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.provider.ProviderProfiles;
import io.captchafleet.common.serde.Json;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.worker.solver.ApiKey;
import io.captchafleet.worker.solver.SolverSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hole 2 end to end: a worker is killed with paid tasks in flight; the worker that takes over only has
 * their redacted {@code in_flight} outcomes, polls them, meets an unsolvable answer, and retries each
 * task. Its second submit must carry the proxy credentials exactly as they were submitted, and no record
 * of the results topic may carry them.
 */
@ExtendWith(KafkaClusterExtension.class)
class ProxyCredentialsCrashTest {
    private static final int TASKS = 12;

    @RegisterExtension
    static WireMockExtension provider = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().templatingEnabled(true).globalTemplating(true)).build();

    private static String proxy(int i) {
        return "user" + i + ":pw-" + i + "-s3cret@10.0.0." + i + ":3128";
    }

    private static List<TaskRecord> tasks() {
        return IntStream.range(0, TASKS).mapToObj(i -> {
            ObjectNode data = Json.object().put("method", "userrecaptcha").put("sitekey", "6Le-key")
                    .put("pageurl", "https://example.test/proxied/" + i).put("proxy", proxy(i)).put("proxytype", "HTTP");
            return TaskRecord.first("proxied", Integer.toString(i), i, data);
        }).toList();
    }

    /** Polls of single ids: {@code get}, or {@code get2} where the profile has it (custom does: the price with the token). */
    private static void pollsAnswer(String body) {
        provider.stubFor(get(urlPathEqualTo("/res.php")).withQueryParam("action", matching("get2?")).willReturn(okJson(body)));
    }

    @Test
    void aTaskResumedAfterACrashIsSubmittedAgainWithItsRealProxyCredentialsAndTheResultsNeverHoldThem(TestKafka kafka) {
        provider.stubFor(post(urlPathEqualTo("/in.php"))
                .willReturn(okJson("{\"status\":1,\"request\":\"1{{randomValue length=11 type='NUMERIC'}}\"}")));
        pollsAnswer("{\"status\":0,\"request\":\"CAPCHA_NOT_READY\"}");
        try (FleetHarness fleet = new FleetHarness(kafka, SimulatorSettings.builder().build(), 2)) {
            SolverSettings.Builder atProvider = SolverSettings.builder(ProviderProfiles.byName("custom")
                    .withBaseUrl(URI.create(provider.baseUrl() + "/")).withMultiIdPolling(false), ApiKey.of("proxy-test-key"))
                    .firstPollDelay(Duration.ofMillis(200)).pollInterval(Duration.ofMillis(200)).submitsPerSecond(0);
            FleetHarness.Running victim = fleet.start("victim", w -> w, s -> atProvider);
            List<TaskRecord> tasks = tasks();
            fleet.topics.publish(tasks);
            await().atMost(Duration.ofSeconds(60)).until(() -> fleet.topics.latestOutcomes().values().stream()
                    .filter(o -> o.status() == OutcomeStatus.IN_FLIGHT).count() == TASKS);
            victim.crash();

            // The provider now answers the paid tasks as unsolvable: each is submitted again (its new ids start with 9), then solved.
            pollsAnswer("{\"status\":0,\"request\":\"ERROR_CAPTCHA_UNSOLVABLE\"}");
            provider.stubFor(get(urlPathEqualTo("/res.php")).withQueryParam("action", matching("get2?"))
                    .withQueryParam("id", matching("9[0-9]+")).atPriority(1).willReturn(okJson("{\"status\":1,\"request\":\"TOKEN\"}")));
            provider.stubFor(post(urlPathEqualTo("/in.php"))
                    .willReturn(okJson("{\"status\":1,\"request\":\"9{{randomValue length=11 type='NUMERIC'}}\"}")));
            fleet.start("survivor", w -> w, s -> atProvider);
            Map<String, Outcome> outcomes = fleet.awaitTerminal(tasks, Duration.ofMinutes(2));

            assertThat(outcomes.values()).allSatisfy(o -> assertThat(o.status()).isEqualTo(OutcomeStatus.SOLVED));
            Map<String, List<String>> proxiesSent = submitsByPage();
            for (int i = 0; i < TASKS; i++) {
                assertThat(proxiesSent.get("https://example.test/proxied/" + i)).as("submits of task %d", i)
                        .hasSize(2).containsOnly(proxy(i));
            }
            assertThat(fleet.topics.records(fleet.layout.results())).isNotEmpty().allSatisfy(r ->
                    assertThat(new String(r.value(), StandardCharsets.UTF_8)).doesNotContain("-s3cret"));
        }
    }

    /** The proxy parameter of every submit the provider received, by page URL. */
    private static Map<String, List<String>> submitsByPage() {
        return provider.findAll(postRequestedFor(urlPathEqualTo("/in.php"))).stream()
                .map(ProxyCredentialsCrashTest::form)
                .collect(Collectors.groupingBy(f -> f.get("pageurl"), Collectors.mapping(f -> f.get("proxy"), Collectors.toList())));
    }

    private static Map<String, String> form(LoggedRequest r) {
        return java.util.Arrays.stream(r.getBodyAsString().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(kv -> URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv -> kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : ""));
    }
}
