package io.captchafleet.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.captchafleet.cli.TestJvm;
import io.captchafleet.cli.fleet.Fleet;
import io.captchafleet.cli.fleet.FleetSettings;
import io.captchafleet.cli.fleet.ResultsAudit;
import io.captchafleet.cli.fleet.WorkerNode;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SimulatorStats;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A rebalance without any failure: a third worker process joins while two are busy with many paid tasks
 * in flight. Partitions move with their in_flight records; every task must still end with exactly one
 * terminal outcome and be paid once. (Found by the scaling benchmark, where a joining worker left some
 * tasks with two "solved" records.)
 */
@Tag("chaos")
class WorkerJoinChaosIT {

    @Test
    void aWorkerJoiningMidBatchLeavesExactlyOneTerminalOutcomePerTaskAndPaysNothingTwice() throws Exception {
        ChaosRun run = new ChaosRun("worker-join");
        int tasks = ChaosRun.size(1_200, 6_000);
        SimulatorSettings sim = SimulatorSettings.builder().latency(Latency.uniform(Duration.ofSeconds(3), Duration.ofSeconds(6)))
                .seed(13).build();
        try (Fleet fleet = Fleet.start(run.workDir(), TestJvm.quickWorkers(FleetSettings.fast(sim)).withPartitions(12).withWorkerFlag("--max-in-flight", "300"))) {
            List<WorkerNode> workers = fleet.startWorkers("join", 2, Map.of());
            fleet.submit("chaos-join", tasks);
            ResultsAudit.Snapshot end;
            try (ResultsAudit audit = fleet.kafka().audit("chaos-join")) {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                        .until(() -> audit.catchUp().terminal() >= tasks / 5);
                fleet.startWorker("join-3");
                end = ChaosRun.awaitTerminal(audit, tasks, Duration.ofMinutes(ChaosRun.size(3, 8)), fleet.simulator()::stats, workers);
            }
            SimulatorStats stats = fleet.simulator().stats();
            run.report(String.format("tasks=%d solved=%d workers=2+1 joined tasks_with_several_terminal=%d billed_more_than_once=%d"
                            + " accepted_submits=%d", tasks, end.count(OutcomeStatus.SOLVED), end.withSeveralTerminalRecords(),
                    stats.tasksBilledMoreThanOnce(), stats.acceptedSubmits()));

            assertThat(end.count(OutcomeStatus.SOLVED)).isEqualTo(tasks);
            assertThat(stats.tasksBilledMoreThanOnce()).as("tasks billed more than once").isZero();
            assertThat(end.withSeveralTerminalRecords()).as("tasks with more than one terminal outcome").isZero();
            assertThat(workers).allMatch(WorkerNode::isAlive);
        }
    }
}
