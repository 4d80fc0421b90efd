package io.captchafleet.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.captchafleet.cli.TestJvm;
import io.captchafleet.cli.fleet.ChildProcess;
import io.captchafleet.cli.fleet.Fleet;
import io.captchafleet.cli.fleet.FleetSettings;
import io.captchafleet.cli.fleet.ResultsAudit;
import io.captchafleet.cli.fleet.WorkerNode;
import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.model.FleetEventType;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SimulatorStats;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Item 11: the balance runs out mid-batch under three worker processes; {@code captcha-fleet resume} after a refill. */
@Tag("chaos")
class FatalMidBatchChaosIT {
    private static final int MAX_CONCURRENT_SUBMITS = 4;
    private static final int WORKERS = 3;

    @Test
    void anEmptyBalanceHaltsEveryWorkerProcessAndResumeAfterARefillFinishesTheBatch() throws Exception {
        ChaosRun run = new ChaosRun("fatal-mid-batch");
        int tasks = ChaosRun.size(1_200, 10_000);
        int balance = tasks / 2;
        SimulatorSettings sim = SimulatorSettings.builder().latency(Latency.uniform(Duration.ofMillis(300), Duration.ofSeconds(1)))
                .balance(balance).seed(11).build();
        try (Fleet fleet = Fleet.start(run.workDir(), TestJvm.quickWorkers(FleetSettings.fast(sim))
                .withWorkerFlag("--max-concurrent-submits", Integer.toString(MAX_CONCURRENT_SUBMITS)))) {
            List<WorkerNode> workers = fleet.startWorkers("fatal", WORKERS, Map.of());
            fleet.submit("chaos11", tasks);

            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> workers.stream().allMatch(WorkerNode::halted));
            List<FleetEvent> events = fleet.kafka().fleetEvents();
            assertThat(events).isNotEmpty();
            assertThat(events.get(0).type()).isEqualTo(FleetEventType.FATAL);
            assertThat(events.get(0).code()).isEqualTo("ERROR_ZERO_BALANCE");
            SimulatorStats atHalt = fleet.simulator().stats();
            // Halted workers send no submit: the refused ones are those already on the wire when the first
            // empty-balance answer came back, at most each process's concurrency limit.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                    .until(() -> fleet.simulator().stats().rejectedSubmits() == atHalt.rejectedSubmits());
            long solvedWhileHalted;
            ResultsAudit.Snapshot end;
            try (ResultsAudit audit = fleet.kafka().audit("chaos11")) {
                // Paid tasks are polled to the end while halted.
                await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                        .until(() -> audit.catchUp().count(OutcomeStatus.SOLVED) == balance);
                solvedWhileHalted = audit.snapshot().count(OutcomeStatus.SOLVED);

                fleet.simulator().refill(tasks);
                ChildProcess resume = fleet.runCommand(Duration.ofMinutes(1), "resume", "--reason", "refilled");
                assertThat(resume.exitCode()).as("resume's exit code; output " + resume.out() + ", log " + resume.log()).isZero();
                end = ChaosRun.awaitTerminal(audit, tasks, Duration.ofMinutes(ChaosRun.size(3, 8)), fleet.simulator()::stats, workers);
            }
            SimulatorStats stats = fleet.simulator().stats();
            run.report(String.format("tasks=%d workers=%d balance=%d accepted_at_halt=%d refused_at_halt=%d (bound %d in flight)"
                            + " solved_while_halted=%d solved=%d accepted_submits=%d billed_more_than_once=%d", tasks, WORKERS, balance,
                    atHalt.acceptedSubmits(), atHalt.rejectedSubmits(), WORKERS * MAX_CONCURRENT_SUBMITS, solvedWhileHalted,
                    end.count(OutcomeStatus.SOLVED), stats.acceptedSubmits(), stats.tasksBilledMoreThanOnce()));

            assertThat(atHalt.acceptedSubmits()).isEqualTo(balance);
            assertThat(atHalt.rejectedSubmits()).isLessThanOrEqualTo(WORKERS * MAX_CONCURRENT_SUBMITS);
            assertThat(end.count(OutcomeStatus.SOLVED)).isEqualTo(tasks);
            assertThat(end.withSeveralTerminalRecords()).isZero();
            assertThat(stats.acceptedSubmits()).isEqualTo(tasks);
            assertThat(stats.tasksBilledMoreThanOnce()).isZero();
        }
    }
}
