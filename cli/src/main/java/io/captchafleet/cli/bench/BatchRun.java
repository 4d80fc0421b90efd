package io.captchafleet.cli.bench;

import java.time.Duration;

import io.captchafleet.cli.fleet.Fleet;
import io.captchafleet.cli.fleet.ResultsAudit;
import io.captchafleet.common.model.OutcomeStatus;

/**
 * Runs one batch through a fleet and measures it: tasks done are counted by the simulator (tokens
 * delivered), sampled every 100 ms; at the end the results topic must hold a solved outcome for every
 * task, or the scenario fails. Tasks with more than one terminal record are a figure of the scenario.
 */
final class BatchRun {
    private BatchRun() {
    }

    /** Submits {@code tasks} tasks as {@code batch} and follows them to the end; {@code each} runs between samples. */
    static Throughput solve(Fleet fleet, ScenarioResult r, String batch, int tasks, Duration timeout, Runnable each)
            throws InterruptedException {
        long before = fleet.simulator().stats().solved();
        fleet.submit(batch, tasks);
        Throughput t = Throughput.follow(() -> fleet.simulator().stats().solved() - before, tasks, timeout, each);
        requireAllSolved(fleet, r, batch, tasks);
        return t;
    }

    /**
     * Checks that the results topic holds a solved outcome for every task (waiting up to a minute for the last commits),
     * and records how many tasks have more than one terminal record.
     */
    static void requireAllSolved(Fleet fleet, ScenarioResult r, String batch, int tasks) throws InterruptedException {
        try (ResultsAudit audit = fleet.kafka().audit(batch)) {
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            ResultsAudit.Snapshot s = audit.catchUp();
            while (s.count(OutcomeStatus.SOLVED) < tasks && System.nanoTime() < deadline) {
                Thread.sleep(200);
                s = audit.catchUp();
            }
            r.figure(batch + ": tasks with more than one terminal outcome", s.withSeveralTerminalRecords());
            if (s.count(OutcomeStatus.SOLVED) < tasks) {
                throw new IllegalStateException("batch " + batch + ": results topic holds " + s + " for " + tasks + " tasks");
            }
        }
    }
}
