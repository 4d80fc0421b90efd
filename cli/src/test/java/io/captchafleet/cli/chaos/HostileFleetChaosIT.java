package io.captchafleet.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.captchafleet.cli.TestJvm;
import io.captchafleet.cli.fleet.Fleet;
import io.captchafleet.cli.fleet.FleetSettings;
import io.captchafleet.cli.fleet.MetricsText;
import io.captchafleet.cli.fleet.ResultsAudit;
import io.captchafleet.cli.fleet.WorkerNode;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.sandbox.simulator.Fault;
import io.captchafleet.sandbox.simulator.Faults;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SimulatorStats;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Item 12, the fleet: garbage records written straight into the tasks topic, and a solver that answers
 * slowly, with HTML or garbage, or cuts connections. Two worker processes share one fleet for both tests;
 * each test sets the simulator's faults it needs and submits its own batch.
 */
@Tag("chaos")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileFleetChaosIT {
    private Fleet fleet;
    private List<WorkerNode> workers;

    @BeforeAll
    void startFleet() throws Exception {
        SimulatorSettings sim = SimulatorSettings.builder().latency(Latency.uniform(Duration.ofMillis(200), Duration.ofMillis(800)))
                .slowDelay(Duration.ofSeconds(5)).seed(12).build();
        // With about a quarter of all requests failing, the default six attempts could run out for a task by chance; and a
        // slow or dropped submit counts as paid (it may have been billed), so three of them would end a task at the default
        // --max-paid-submits 3. Both are raised so that the test shows recovery, not those caps (tested in the worker).
        fleet = Fleet.start(new ChaosRun("hostile-fleet").workDir(), TestJvm.quickWorkers(FleetSettings.fast(sim)).withWorkerFlag("--max-attempts", "10")
                .withWorkerFlag("--max-paid-submits", "6"));
        workers = fleet.startWorkers("hostile", 2, Map.of());
    }

    @AfterAll
    void stopFleet() throws InterruptedException {
        fleet.close();
    }

    @Test
    void garbageRecordsInTheTasksTopicAreDeadLetteredAndTheBatchAroundThemFinishes() throws Exception {
        ChaosRun run = new ChaosRun("garbage-records");
        fleet.simulator().setFaults(Faults.none());
        int tasks = ChaosRun.size(500, 2_000);
        List<ProducerRecord<byte[], byte[]>> garbage = garbage(fleet.kafka().layout().tasks(), new Random(12));
        long deadBefore = fleet.kafka().count(fleet.kafka().layout().deadLetter());
        fleet.kafka().publishRaw(garbage.subList(0, garbage.size() / 2));
        fleet.submit("garbage", tasks);
        fleet.kafka().publishRaw(garbage.subList(garbage.size() / 2, garbage.size()));

        ResultsAudit.Snapshot end;
        try (ResultsAudit audit = fleet.kafka().audit("garbage")) {
            end = ChaosRun.awaitTerminal(audit, tasks, Duration.ofMinutes(2), fleet.simulator()::stats, workers);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(fleet.kafka().count(fleet.kafka().layout().deadLetter()) - deadBefore).isEqualTo(garbage.size()));
        run.report(String.format("tasks=%d solved=%d garbage_records=%d dead_lettered=%d workers_alive=%d/%d", tasks,
                end.count(OutcomeStatus.SOLVED), garbage.size(), fleet.kafka().count(fleet.kafka().layout().deadLetter()) - deadBefore,
                workers.stream().filter(WorkerNode::isAlive).count(), workers.size()));

        assertThat(end.count(OutcomeStatus.SOLVED)).isEqualTo(tasks);
        assertThat(end.withSeveralTerminalRecords()).isZero();
        assertThat(workers).allMatch(WorkerNode::isAlive);
    }

    @Test
    void aSolverThatAnswersSlowlyWithHtmlOrGarbageOrCutsConnectionsCostsNoTask() throws Exception {
        ChaosRun run = new ChaosRun("hostile-solver");
        int tasks = ChaosRun.size(500, 2_000);
        Faults hostile = Faults.parse("slow=0.05,http-500=0.1,garbage=0.1,drop=0.05");
        fleet.simulator().setFaults(hostile);
        SimulatorStats before = fleet.simulator().stats();
        ResultsAudit.Snapshot end;
        try {
            fleet.submit("hostile-solver", tasks);
            try (ResultsAudit audit = fleet.kafka().audit("hostile-solver")) {
                end = ChaosRun.awaitTerminal(audit, tasks, Duration.ofMinutes(2), fleet.simulator()::stats, workers);
            }
        } finally {
            fleet.simulator().setFaults(Faults.none());
        }
        SimulatorStats after = fleet.simulator().stats();
        long ambiguous = ChaosRun.ambiguous(after) - ChaosRun.ambiguous(before);
        long billedTwice = after.tasksBilledAgainAfterSuccess() - before.tasksBilledAgainAfterSuccess();
        double errors = 0;
        double transientErrors = 0;
        for (WorkerNode w : workers) {
            MetricsText m = w.metrics().orElseThrow();
            errors += m.sum("captcha_fleet_api_errors_total");
            transientErrors += m.sum("captcha_fleet_api_errors_total", "category=\"transient\"");
        }
        run.report(String.format("tasks=%d solved=%d faults(slow=%d http_500=%d garbage=%d drop=%d) api_errors=%.0f transient=%.0f"
                        + " ambiguous=%d billed_twice=%d failed_by_error=%s", tasks, end.count(OutcomeStatus.SOLVED),
                after.faultsInjected(Fault.SLOW) - before.faultsInjected(Fault.SLOW),
                after.faultsInjected(Fault.HTTP_500) - before.faultsInjected(Fault.HTTP_500),
                after.faultsInjected(Fault.GARBAGE) - before.faultsInjected(Fault.GARBAGE),
                after.faultsInjected(Fault.DROP) - before.faultsInjected(Fault.DROP), errors, transientErrors, ambiguous, billedTwice,
                end.failedByError()));

        assertThat(end.count(OutcomeStatus.SOLVED)).as("every task recovered; failed by error %s; simulator %s", end.failedByError(),
                after).isEqualTo(tasks);
        assertThat(end.withSeveralTerminalRecords()).isZero();
        assertThat(errors).as("API errors seen by the workers").isPositive();
        assertThat(transientErrors).as("every API error was classified transient").isEqualTo(errors);
        assertThat(billedTwice).as("tasks billed twice").isLessThanOrEqualTo(ambiguous);
    }

    /** Records no reader can take: not JSON, empty, a newer version, fields missing, binary, no key, a tombstone. */
    private static List<ProducerRecord<byte[], byte[]>> garbage(String topic, Random random) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        byte[] binary = new byte[64];
        random.nextBytes(binary);
        String[] values = {
            "this is not json",
            "",
            "{\"v\":2,\"task_id\":\"future/1\",\"batch\":\"future\",\"index\":0,\"generation\":1,\"attempt\":1,\"task_data\":{}}",
            "{\"v\":1,\"task_id\":\"half/1\"}",
            "[1,2,3]",
            "{\"v\":1,\"task_id\":\"bad/1\",\"batch\":\"bad\",\"index\":\"zero\",\"generation\":1,\"attempt\":1,\"task_data\":42}",
            "{\"v\":1,",
        };
        int i = 0;
        for (String v : values) {
            records.add(new ProducerRecord<>(topic, ("garbage/" + i++).getBytes(StandardCharsets.UTF_8), v.getBytes(StandardCharsets.UTF_8)));
        }
        records.add(new ProducerRecord<>(topic, ("garbage/" + i++).getBytes(StandardCharsets.UTF_8), binary));
        records.add(new ProducerRecord<>(topic, null, "{\"v\":1}".getBytes(StandardCharsets.UTF_8)));
        records.add(new ProducerRecord<>(topic, ("garbage/" + i).getBytes(StandardCharsets.UTF_8), null));
        return records;
    }
}
