package io.captchafleet.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.Pingbacks;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.worker.solver.Pingback;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Callbacks on a real broker, with two workers behind one callback URL that reaches only the first (a load
 * balancer that always picks it): the second worker's tasks are completed by callbacks the first received and
 * published, without a single poll; a forged callback is refused; with callbacks lost, the tasks are polled for;
 * and when the second worker is killed while its paid tasks wait for their callbacks, the first ends them.
 */
@ExtendWith(KafkaClusterExtension.class)
class PingbackFleetTest {
    private static final String APPLIED = "captcha.fleet.pingbacks.applied";

    @TempDir
    Path dir;

    @Test
    void callbacksReceivedByOneWorkerCompleteEveryWorkersTasksWithoutPollsAndLostOnesArePolledFor(TestKafka kafka) throws Exception {
        SimulatorSettings sim = SimulatorSettings.builder().latency(Latency.uniform(Duration.ofMillis(300), Duration.ofMillis(800))).seed(31)
                .build();
        try (FleetHarness fleet = new FleetHarness(kafka, sim, 4)) {
            int port = freePort();
            Pingback pingback = Pingback.of(URI.create("http://127.0.0.1:" + port + "/pingback"),
                    Pingback.secretFrom(dir.resolve("pingback.secret")), Duration.ofSeconds(10));
            FleetHarness.Running receiving = fleet.start("cb-a", b -> b, s -> s.pingback(pingback), port);
            FleetHarness.Running other = fleet.start("cb-b", b -> b, s -> s.pingback(pingback), 0);

            List<TaskRecord> tasks = FleetHarness.tasks("cb", 120);
            fleet.topics.publish(tasks);
            Map<String, Outcome> outcomes = fleet.awaitTerminal(tasks, Duration.ofMinutes(1));

            assertThat(outcomes.values()).allSatisfy(o -> assertThat(o.status()).isEqualTo(OutcomeStatus.SOLVED));
            assertThat(fleet.simulator.stats().resultRequests()).as("not one poll").isZero();
            assertThat(fleet.simulator.stats().pingbacksDelivered()).isEqualTo(120);
            assertThat(count(other.registry(), APPLIED, "solved")).as("the other worker's tasks, by callbacks the first received")
                    .isPositive();
            // At least one per task: across the rebalance as the second worker joined, a task may be held by both for a moment.
            assertThat(count(receiving.registry(), APPLIED, "solved") + count(other.registry(), APPLIED, "solved"))
                    .isGreaterThanOrEqualTo(120);
            assertThat(outcomes.values().stream().map(Outcome::worker).distinct()).containsExactlyInAnyOrder("cb-a", "cb-b");

            HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/pingback/not-the-secret-0000000")).POST(HttpRequest.BodyPublishers.ofString("id=7000000001&code=forged"))
                    .header("Content-Type", "application/x-www-form-urlencoded").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(count(receiving.registry(), "captcha_fleet.pingbacks.received", "forbidden")).isEqualTo(1);

            fleet.simulator.setPingbacks(Pingbacks.RELIABLE.withDropShare(0.05));
            List<TaskRecord> lossy = FleetHarness.tasks("lossy", 120);
            fleet.topics.publish(lossy);
            Map<String, Outcome> after = fleet.awaitTerminal(lossy, Duration.ofMinutes(1));
            assertThat(lossy).allSatisfy(t -> assertThat(after.get(t.taskId()).status()).isEqualTo(OutcomeStatus.SOLVED));
            assertThat(fleet.simulator.stats().pingbacksDropped()).isPositive();
            assertThat(fleet.simulator.stats().idsPolled()).as("only the lost ones are polled for")
                    .isBetween(fleet.simulator.stats().pingbacksDropped(), 3 * fleet.simulator.stats().pingbacksDropped());
            assertThat(fleet.simulator.stats().tasksBilledMoreThanOnce()).isZero();

            // The other worker is killed while its paid tasks wait for their callbacks: the first takes them over and ends them.
            fleet.simulator.setPingbacks(Pingbacks.RELIABLE.withDelay(Duration.ofSeconds(3)));
            List<TaskRecord> killed = FleetHarness.tasks("killed", 120);
            fleet.topics.publish(killed);
            await().atMost(Duration.ofSeconds(30)).until(() -> count(other.registry(), "captcha.fleet.paid.submits", null) >= 20);
            other.crash();
            Map<String, Outcome> end = fleet.awaitTerminal(killed, Duration.ofMinutes(1));
            assertThat(killed).allSatisfy(t -> assertThat(end.get(t.taskId()).status()).isEqualTo(OutcomeStatus.SOLVED));
            assertThat(fleet.simulator.stats().tasksBilledAgainAfterSuccess()).as("at most a ledger window paid again").isLessThanOrEqualTo(16);
        }
    }

    private static double count(PrometheusMeterRegistry registry, String name, String result) {
        var search = registry.find(name);
        var c = (result == null ? search : search.tag("result", result)).counter();
        return c == null ? 0 : c.count();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
