package io.captchafleet.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every metric the alert rules and the dashboard read is one a running worker serves: a real
 * {@code captcha-fleet worker} process runs tasks from the embedded broker through the solver
 * simulator (solves, API errors, retries), then its {@code /metrics} is scraped. The same worker then
 * shows /health and /ready on that port and stops cleanly on SIGTERM within its shutdown time-out.
 */
@ExtendWith(KafkaClusterExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServedMetricsTest {
    private static final int TASKS = 20;
    private static Path dir;
    private static RunningWorker worker;
    private static Set<String> served;

    @BeforeAll
    static void runTasksThroughAWorkerAndScrapeIt(TestKafka kafka) throws Exception {
        dir = Files.createTempDirectory("served-metrics");
        worker = RunningWorker.start(kafka.bootstrapServers(), kafka.newTopicPrefix(), TASKS, dir);
        worker.awaitTasksFinishedWithARetry(TASKS, Duration.ofMinutes(2));
        served = RunningWorker.seriesNames(worker.get("/metrics").body());
    }

    @AfterAll
    static void stop() throws IOException {
        if (worker != null) {
            worker.close();
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void theScrapeShowsTheWorkersOwnKafkaAndJvmMetrics() {
        assertThat(served).contains("captcha_fleet_tasks_finished_total", "captcha_fleet_retries_total", "captcha_fleet_api_errors_total",
                "captcha_fleet_solve_seconds_bucket", "kafka_consumer_fetch_manager_records_lag_max", "jvm_memory_used_bytes");
    }

    @Test
    @Order(2)
    void everyMetricInTheAlertRulesAndTheDashboardIsServed() {
        Map<String, Set<String>> missing = new LinkedHashMap<>();
        MetricReferences.metricsByPlace().forEach((where, names) -> {
            assertThat(names).as(where + " reads no metric").isNotEmpty();
            Set<String> absent = new TreeSet<>(names);
            absent.removeAll(served);
            if (!absent.isEmpty()) {
                missing.put(where, absent);
            }
        });
        assertThat(missing).as("metrics no running worker serves").isEmpty();
    }

    @Test
    @Order(3)
    void healthAndReadinessAnswerOnTheMetricsPort() throws Exception {
        assertThat(worker.get("/health").statusCode()).isEqualTo(200);
        assertThat(worker.get("/ready").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void sigtermStopsTheWorkerCleanlyWithinItsShutdownTimeout() throws Exception {
        Map.Entry<Integer, Duration> stopped = worker.terminate(RunningWorker.SHUTDOWN_TIMEOUT.plusSeconds(20));
        assertThat(stopped.getKey()).as(String.join("\n", worker.output())).isIn(0, 143);
        assertThat(stopped.getValue()).isLessThan(RunningWorker.SHUTDOWN_TIMEOUT);
        assertThat(worker.output()).anyMatch(l -> l.contains("Worker process stopped"));
    }
}
