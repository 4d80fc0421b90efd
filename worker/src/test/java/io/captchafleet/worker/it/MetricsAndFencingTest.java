package io.captchafleet.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import io.captchafleet.sandbox.simulator.Faults;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class MetricsAndFencingTest {
    /** Every metric the worker issue names, as Prometheus shows it. */
    static final List<String> WORKER_METRICS = List.of(
            "captcha_fleet_tasks_finished_total",
            "captcha_fleet_solve_seconds_bucket",
            "captcha_fleet_in_flight",
            "captcha_fleet_api_requests_total",
            "captcha_fleet_api_errors_total",
            "captcha_fleet_retries_total",
            "captcha_fleet_paid_submits_total",
            "captcha_fleet_ambiguous_submits_total",
            "captcha_fleet_dead_letters_total",
            "captcha_fleet_halted",
            "captcha_fleet_concurrency_limit",
            "kafka_consumer_fetch_manager_records_lag_max",
            "kafka_producer_record_send_total",
            "jvm_memory_used_bytes");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void metricsHealthAndReadinessAreServedOnOnePort(TestKafka kafka) throws Exception {
        SimulatorSettings sim = SimulatorSettings.builder().latency(Latency.fixed(Duration.ofMillis(100)))
                .faults(Faults.parse("no-slot=0.2")).seed(2).build();
        try (FleetHarness fleet = new FleetHarness(kafka, sim, 2)) {
            FleetHarness.Running worker = fleet.start("m1");
            int port = worker.process().statusPort().orElseThrow();
            List<TaskRecord> tasks = fleet.solveBatch("metrics", 50);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(get(port, "/ready").statusCode()).isEqualTo(200));
            assertThat(get(port, "/health").body()).isEqualTo("ok\n");
            String metrics = get(port, "/metrics").body();
            assertThat(metrics).contains(WORKER_METRICS);
            assertThat(metrics).contains("captcha_fleet_tasks_finished_total{category=\"none\",instance=\"m1\",status=\"solved\",worker=\"m1\"} 50.0");
            assertThat(metrics).doesNotContain("test-key-");
        }
    }

    @Test
    void aSecondWorkerWithTheSameInstanceIdFencesTheFirstWhichStopsNamingTheId(TestKafka kafka) {
        SimulatorSettings sim = SimulatorSettings.builder().latency(Latency.fixed(Duration.ofMillis(100))).seed(4).build();
        try (FleetHarness fleet = new FleetHarness(kafka, sim, 2)) {
            FleetHarness.Running first = fleet.start("twin");
            await().atMost(Duration.ofSeconds(30)).until(() -> first.process().readinessProblem() == null);
            fleet.start("twin");
            List<TaskRecord> tasks = FleetHarness.tasks("fencing", 20);
            fleet.topics.publish(tasks);

            await().atMost(Duration.ofSeconds(60)).until(() -> first.process().failure().isPresent());
            assertThat(first.process().failure().get()).hasMessageContaining(
                    "another live worker uses instance id \"twin\". Give every worker its own --instance-id.");
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
