package io.captchafleet.sandbox.simulator;

import static io.captchafleet.sandbox.simulator.ApiClient.KEY;
import static io.captchafleet.sandbox.simulator.ApiClient.createTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {
    private final ManualClock clock = new ManualClock();
    private SolverSimulator simulator;
    private ApiClient api;

    private void start(Faults faults) {
        simulator = SolverSimulator.start(SimulatorSettings.builder().faults(faults).balance(100)
                .latency(Latency.fixed(Duration.ofSeconds(5))).slowDelay(Duration.ofMillis(400)).clock(clock).seed(11).build());
        api = new ApiClient(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private static Faults only(Fault fault) {
        return Faults.none().with(fault, 1.0);
    }

    @Test
    void noSlotRefusesEverySubmitWithoutBilling() {
        start(only(Fault.NO_SLOT));
        assertThat(api.submitRecaptcha("https://example.com/ns", false).body()).isEqualTo("ERROR_NO_SLOT_AVAILABLE");
        assertThat(ApiClient.json(api.postJson("createTask", createTask(Map.of("type", "TurnstileTaskProxyless",
                "websiteURL", "https://example.com/ns", "websiteKey", "k")))).path("errorCode").asText()).isEqualTo("ERROR_NO_SLOT_AVAILABLE");

        SimulatorStats stats = simulator.stats();
        assertThat(stats.acceptedSubmits()).isZero();
        assertThat(stats.rejectedSubmits()).isEqualTo(2);
        assertThat(stats.balanceRemaining()).isEqualTo(100);
        assertThat(stats.faultsInjected(Fault.NO_SLOT)).isEqualTo(2);
        assertThat(simulator.taskStats().get("https://example.com/ns").rejectedSubmits()).isEqualTo(2);
    }

    @Test
    void unsolvableTaskIsBilledAndEndsWithTheUnsolvableError() {
        start(only(Fault.UNSOLVABLE));
        String id = api.submitRecaptchaId("https://example.com/u");
        assertThat(api.poll(id).path("request").asText()).isEqualTo("CAPCHA_NOT_READY");
        clock.advance(Duration.ofSeconds(5));
        assertThat(api.get("res.php", "key", KEY, "action", "get", "id", id).body()).isEqualTo("ERROR_CAPTCHA_UNSOLVABLE");

        SimulatorStats stats = simulator.stats();
        assertThat(stats.acceptedSubmits()).isEqualTo(1);
        assertThat(stats.balanceRemaining()).isEqualTo(99);
        assertThat(stats.unsolvableAnswers()).isEqualTo(1);
        assertThat(stats.solved()).isZero();
        assertThat(stats.faultsInjected(Fault.UNSOLVABLE)).isEqualTo(1);
    }

    @Test
    void http500AnswersAnHtmlPageOnEveryEndpointAndBillsNothing() {
        start(only(Fault.HTTP_500));
        for (HttpResponse<String> r : List.of(
                api.submitRecaptcha("https://example.com/500", true),
                api.get("res.php", "key", KEY, "action", "get", "id", "7000000001"),
                api.postJson("getBalance", Map.of("clientKey", KEY)))) {
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(r.body()).startsWith("<html>").contains("500 Internal Server Error");
        }
        SimulatorStats stats = simulator.stats();
        assertThat(stats.acceptedSubmits()).isZero();
        assertThat(stats.rejectedSubmits()).isEqualTo(1);
        assertThat(stats.balanceRemaining()).isEqualTo(100);
        assertThat(stats.requestsTotal()).isEqualTo(3);
        assertThat(stats.faultsInjected(Fault.HTTP_500)).isEqualTo(3);
        // The submit had no effect at all: the task was never seen.
        assertThat(stats.tasksSeen()).isZero();
    }

    @Test
    void garbageAnswersHttp200WithBodiesThatAreNotTheApisAndBillsNothing() {
        start(only(Fault.GARBAGE));
        Set<String> bodies = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            HttpResponse<String> r = api.submitRecaptcha("https://example.com/garbage", true);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).doesNotStartWith("OK|").doesNotContain("\"status\":1,\"request\":\"");
            bodies.add(r.body());
        }
        // Truncated JSON, HTML, stray text and an empty body all come up.
        assertThat(bodies).hasSize(4).contains("", "{\"status\":1,\"requ")
                .anySatisfy(b -> assertThat(b).startsWith("<!DOCTYPE html>"));
        assertThat(simulator.stats().acceptedSubmits()).isZero();
        assertThat(simulator.stats().rejectedSubmits()).isEqualTo(40);
        assertThat(simulator.stats().faultsInjected(Fault.GARBAGE)).isEqualTo(40);
    }

    @Test
    void slowSubmitIsBilledAndItsReplyArrivesAfterTheDelay() {
        start(only(Fault.SLOW));
        long started = System.nanoTime();
        HttpResponse<String> r = api.submitRecaptcha("https://example.com/slow", false);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(r.body()).startsWith("OK|");
        assertThat(tookMillis).isGreaterThanOrEqualTo(400);
        SimulatorStats stats = simulator.stats();
        assertThat(stats.acceptedSubmits()).isEqualTo(1);
        assertThat(stats.slowSubmitReplies()).isEqualTo(1);
        assertThat(stats.faultsInjected(Fault.SLOW)).isEqualTo(1);
    }

    @Test
    void slowRepliesDoNotHoldUpOtherRequests() {
        start(Faults.none());
        simulator.setFaults(only(Fault.SLOW));
        var pending = api.http().sendAsync(HttpRequest.newBuilder(api.base().resolve(
                "in.php?key=" + KEY + "&method=userrecaptcha&googlekey=k&pageurl=https://example.com/s1")).build(),
                HttpResponse.BodyHandlers.ofString());
        simulator.setFaults(Faults.none());
        // While the slow reply waits on the scheduler, a normal request is answered at once.
        assertThat(api.submitRecaptcha("https://example.com/s2", false).body()).startsWith("OK|");
        assertThat(pending.join().body()).startsWith("OK|");
    }

    @Test
    void droppedSubmitClosesTheConnectionButIsBilled() {
        start(only(Fault.DROP));
        // POST: the JDK client never retries it on its own, so exactly one request reaches the simulator.
        assertThatThrownBy(() -> api.postForm("in.php", "key", KEY, "method", "userrecaptcha", "googlekey", "k",
                "pageurl", "https://example.com/drop"))
                .isInstanceOf(UncheckedIOException.class);

        SimulatorStats stats = simulator.stats();
        assertThat(stats.acceptedSubmits()).isEqualTo(1);
        assertThat(stats.balanceRemaining()).isEqualTo(99);
        assertThat(stats.droppedSubmitReplies()).isEqualTo(1);
        assertThat(stats.faultsInjected(Fault.DROP)).isEqualTo(1);
        assertThat(simulator.taskStats().get("https://example.com/drop").billedSubmits()).isEqualTo(1);
    }

    @Test
    void droppedPollDeliversNoToken() {
        start(Faults.none());
        String id = api.submitRecaptchaId("https://example.com/dp");
        clock.advance(Duration.ofSeconds(5));
        simulator.setFaults(only(Fault.DROP));
        assertThatThrownBy(() -> api.postForm("res.php", "key", KEY, "action", "get", "id", id)).isInstanceOf(UncheckedIOException.class);
        assertThat(simulator.stats().solved()).isZero();

        simulator.setFaults(Faults.none());
        assertThat(api.poll(id).path("status").asInt()).isEqualTo(1);
        assertThat(simulator.stats().solved()).isEqualTo(1);
        assertThat(simulator.stats().droppedSubmitReplies()).isZero();
    }

    @Test
    void faultsChangeAtRuntimeOverTheAdminEndpoint() {
        start(Faults.none());
        HttpResponse<String> changed = api.postForm("admin/faults?spec=no-slot%3D1");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(ApiClient.json(changed).path("faults").asText()).isEqualTo("no-slot=1.0");
        assertThat(api.submitRecaptcha("https://example.com/admin", false).body()).isEqualTo("ERROR_NO_SLOT_AVAILABLE");

        HttpResponse<String> bad = api.postForm("admin/faults?spec=gremlins%3D0.5");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo("Invalid value gremlins=0.5 for faults: unknown fault \"gremlins\"; "
                + "the faults are no-slot, unsolvable, http-500, garbage, slow, drop");
        JsonNode stats = ApiClient.json(api.get("stats"));
        assertThat(stats.path("faults_injected").path("no-slot").asLong()).isEqualTo(1);
    }
}
