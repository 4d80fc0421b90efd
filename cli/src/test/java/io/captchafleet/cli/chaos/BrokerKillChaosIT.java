package io.captchafleet.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

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
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Item 10: the broker process SIGKILLed mid-batch and restarted on its data directory and port. Runs
 * with {@code -Dchaos.full=true} only: the embedded broker has one replica, and after a SIGKILL it may
 * restart with the tail of a results partition cut back to its last high-watermark checkpoint, so a
 * few paid tasks' in_flight records are gone and they stay unfinished (seen in 2 of 8 runs: 5 and 13).
 */
@Tag("chaos")
@EnabledIfSystemProperty(named = "chaos.full", matches = "true")
class BrokerKillChaosIT {
    private static final int LEDGER_WINDOW = 16;

    @Test
    void aBatchFinishesWithNothingLostAndAtMostALedgerWindowBilledTwiceAcrossABrokerKillAndRestart() throws Exception {
        ChaosRun run = new ChaosRun("broker-kill");
        int tasks = ChaosRun.size(1_500, 10_000);
        SimulatorSettings sim = SimulatorSettings.builder().latency(Latency.uniform(Duration.ofMillis(500), Duration.ofSeconds(2)))
                .seed(10).build();
        try (Fleet fleet = Fleet.start(run.workDir(), FleetSettings.fast(sim))) {
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
            run.report(String.format("tasks=%d solved=%d failed=%d broker_kills=1 broker_down_ms=%d paid_while_down=%d (ledger window 16 x"
                            + " %d workers) billed_more_than_once=%d (first paid before the restart: %d)"
                            + " billed_twice=%d ambiguous=%d accepted_submits=%d workers_alive=%d/%d tasks_with_several_terminal=%d", tasks,
                    end.count(OutcomeStatus.SOLVED), end.count(OutcomeStatus.FAILED), restartedAt - killedAt, paidWhileDown,
                    workers.size(), stats.tasksBilledMoreThanOnce(), twiceFirstPaidBeforeRestart,
                    stats.tasksBilledAgainAfterSuccess(), ChaosRun.ambiguous(stats), stats.acceptedSubmits(),
                    workers.stream().filter(WorkerNode::isAlive).count(), workers.size(), end.withSeveralTerminalRecords()));

            assertThat(end.terminal()).isEqualTo(tasks);
            assertThat(end.count(OutcomeStatus.SOLVED)).isEqualTo(tasks);
            assertThat(end.withSeveralTerminalRecords()).as("tasks with more than one terminal outcome").isZero();
            // A worker keeps its unrecorded paid submits across the group's forgetting it and writes them
            // when their partitions come back; when the rejoin order hands them to the other worker first,
            // they are not written late, and that worker may pay again: at most one ledger window each.
            long bound = LEDGER_WINDOW * workers.size();
            assertThat(stats.tasksBilledMoreThanOnce()).as("tasks billed more than once (bound %d)", bound).isLessThanOrEqualTo(bound);
            assertThat(stats.acceptedSubmits()).isBetween((long) tasks, tasks + bound);
            assertThat(workers).as("workers that survived the broker's restart").allMatch(WorkerNode::isAlive);
        }
    }
}
