package io.captchafleet.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.captchafleet.cli.TestJvm;
import io.captchafleet.cli.fleet.Fleet;
import io.captchafleet.cli.fleet.FleetSettings;
import io.captchafleet.cli.fleet.ResultsAudit;
import io.captchafleet.cli.fleet.WorkerNode;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.sandbox.simulator.Faults;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SimulatorStats;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Item 9: worker processes SIGKILLed and restarted at random while a batch with injected API faults runs. */
@Tag("chaos")
class WorkerKillChaosIT {
    private static final int LEDGER_WINDOW = 16;
    private static final String FAULTS = "no-slot=0.05,unsolvable=0.03,http-500=0.03,garbage=0.02,slow=0.01,drop=0.01";

    @Test
    void everyTaskEndsExactlyOnceAndDoublePaymentStaysWithinTheLedgerWindowPerKillPlusAmbiguousSubmits() throws Exception {
        ChaosRun run = new ChaosRun("worker-kills");
        int tasks = ChaosRun.size(5_000, 10_000);
        Duration killEvery = Duration.ofSeconds(4);
        SimulatorSettings sim = SimulatorSettings.builder().latency(Latency.uniform(Duration.ofMillis(200), Duration.ofSeconds(1)))
                .faults(Faults.parse(FAULTS)).slowDelay(Duration.ofSeconds(5)).seed(9).build();
        try (Fleet fleet = Fleet.start(run.workDir(), TestJvm.quickWorkers(FleetSettings.fast(sim)).withWorkerFlag("--ledger-window", Integer.toString(LEDGER_WINDOW)))) {
            List<WorkerNode> workers = fleet.startWorkers("kill", 3, Map.of());
            fleet.submit("chaos9", tasks);

            AtomicInteger kills = new AtomicInteger();
            Random random = new Random(9);
            ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "chaos-killer"));
            ResultsAudit.Snapshot end;
            try (ResultsAudit audit = fleet.kafka().audit("chaos9")) {
                killer.scheduleWithFixedDelay(() -> {
                    try {
                        workers.get(random.nextInt(workers.size())).killAndRestart();
                        kills.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, killEvery.toMillis(), killEvery.toMillis(), TimeUnit.MILLISECONDS);
                ChaosRun.awaitTerminal(audit, tasks, Duration.ofMinutes(ChaosRun.size(4, 10)), fleet.simulator()::stats);
                killer.shutdown();
                assertThat(killer.awaitTermination(3, TimeUnit.MINUTES)).as("the killer thread stopped").isTrue();
                end = audit.catchUp();
            } finally {
                killer.shutdownNow();
            }

            SimulatorStats stats = fleet.simulator().stats();
            long ambiguous = ChaosRun.ambiguous(stats);
            long bound = (long) LEDGER_WINDOW * kills.get() + ambiguous;
            run.report(String.format("tasks=%d solved=%d failed=%d kills=%d billed_twice=%d bound=%d (ledger %d x kills + ambiguous)"
                            + " ambiguous=%d (slow %d, dropped %d) billed_more_than_once=%d accepted_submits=%d",
                    tasks, end.count(OutcomeStatus.SOLVED), end.count(OutcomeStatus.FAILED), kills.get(),
                    stats.tasksBilledAgainAfterSuccess(), bound, LEDGER_WINDOW, ambiguous, stats.slowSubmitReplies(),
                    stats.droppedSubmitReplies(), stats.tasksBilledMoreThanOnce(), stats.acceptedSubmits()));

            assertThat(kills.get()).as("workers killed").isPositive();
            assertThat(end.tasksSeen()).isEqualTo(tasks);
            assertThat(end.terminal()).isEqualTo(tasks);
            assertThat(end.withSeveralTerminalRecords()).as("tasks with more than one terminal outcome").isZero();
            assertThat(stats.tasksBilledAgainAfterSuccess()).as("tasks billed twice").isLessThanOrEqualTo(bound);
        }
    }
}
