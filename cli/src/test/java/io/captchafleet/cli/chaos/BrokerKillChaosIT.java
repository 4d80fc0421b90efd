package io.captchafleet.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collection;
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
import io.captchafleet.sandbox.simulator.TaskStats;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Item 10: the broker process SIGKILLed mid-batch and restarted on its data directory and port.
 *
 * <p>The broker runs with Kafka's default {@code group.initial.rebalance.delay.ms} of 3 s (the embedded
 * broker's own default is 0, for fast tests). Its restart takes longer than the workers' 6 s sessions,
 * and while it starts it cannot be reached, so the group forgets both workers and their next commit is
 * rejected. Each keeps the paid submits that commit left unrecorded, and those of its last commit (a
 * transaction confirmed just before the kill was seen aborted after the restart); the delay lets both
 * rejoin in one generation, so each gets its own partitions back and records the missing ones before it
 * judges any task. With a delay of 0 the first worker back takes every partition for a moment and pays
 * again for some of the other's (seen: 7 and 16 tasks).
 */
@Tag("chaos")
class BrokerKillChaosIT {
    @Test
    void aBatchFinishesWithNothingLostAndNothingBilledTwiceAcrossABrokerKillAndRestart() throws Exception {
        ChaosRun run = new ChaosRun("broker-kill");
        int tasks = ChaosRun.size(1_500, 10_000);
        SimulatorSettings sim = SimulatorSettings.builder().latency(Latency.uniform(Duration.ofMillis(500), Duration.ofSeconds(2)))
                .seed(10).build();
        FleetSettings settings = TestJvm.quickWorkers(FleetSettings.fast(sim)).withBrokerConfig("group.initial.rebalance.delay.ms", "3000");
        try (Fleet fleet = Fleet.start(run.workDir(), settings)) {
            List<WorkerNode> workers = fleet.startWorkers("bk", 2, Map.of());
            fleet.submit("chaos10", tasks);
            long killedAt;
            long restartedAt;
            ResultsAudit.Snapshot end;
            try (ResultsAudit audit = fleet.kafka().audit("chaos10")) {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                        .until(() -> audit.catchUp().terminal() >= tasks / 3);
                killedAt = System.currentTimeMillis();
                fleet.broker().kill();
                fleet.broker().restart();
                restartedAt = System.currentTimeMillis();
                end = ChaosRun.awaitTerminal(audit, tasks, Duration.ofMinutes(ChaosRun.size(3, 8)), fleet.simulator()::stats, workers);
            }
            SimulatorStats stats = fleet.simulator().stats();
            Collection<TaskStats> perTask = fleet.simulator().taskStats().values();
            // While the broker is down no commit can land: each worker may pay at most its ledger window.
            long paidWhileDown = perTask.stream().flatMap(t -> t.billedAt().stream()).filter(at -> at >= killedAt && at <= restartedAt).count();
            long twiceFirstPaidBeforeRestart = perTask.stream().filter(t -> t.billedSubmits() > 1 && t.billedAt().get(0) <= restartedAt)
                    .count();
            // Named, so that a failure can be traced in the results topic and the workers' logs under target/chaos.
            List<String> billedTwiceTasks = fleet.simulator().taskStats().entrySet().stream()
                    .filter(e -> e.getValue().billedSubmits() > 1).map(Map.Entry::getKey).sorted().limit(10).toList();
            run.report(String.format("tasks=%d solved=%d failed=%d broker_kills=1 broker_down_ms=%d paid_while_down=%d (ledger window 16 x"
                            + " %d workers) billed_more_than_once=%d (first paid before the restart: %d)"
                            + " billed_twice=%d ambiguous=%d accepted_submits=%d workers_alive=%d/%d tasks_with_several_terminal=%d"
                            + " billed_more_than_once_tasks=%s", tasks,
                    end.count(OutcomeStatus.SOLVED), end.count(OutcomeStatus.FAILED), restartedAt - killedAt, paidWhileDown,
                    workers.size(), stats.tasksBilledMoreThanOnce(), twiceFirstPaidBeforeRestart,
                    stats.tasksBilledAgainAfterSuccess(), ChaosRun.ambiguous(stats), stats.acceptedSubmits(),
                    workers.stream().filter(WorkerNode::isAlive).count(), workers.size(), end.withSeveralTerminalRecords(),
                    billedTwiceTasks));

            assertThat(end.terminal()).isEqualTo(tasks);
            assertThat(end.count(OutcomeStatus.SOLVED)).isEqualTo(tasks);
            assertThat(end.withSeveralTerminalRecords()).as("tasks with more than one terminal outcome").isZero();
            assertThat(stats.tasksBilledMoreThanOnce()).as("tasks billed more than once").isZero();
            assertThat(stats.acceptedSubmits()).isEqualTo(tasks);
            assertThat(workers).as("workers that survived the broker's restart").allMatch(WorkerNode::isAlive);
        }
    }
}
