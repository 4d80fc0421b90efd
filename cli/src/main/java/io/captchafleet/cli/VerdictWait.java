package io.captchafleet.cli;

import java.io.PrintWriter;
import java.time.Duration;

import io.captchafleet.producer.ops.ReportVerdicts;

/**
 * How {@code local} lets its workers report the batch's verdicts before it stops: asks, at most once a second,
 * how many wait, and says done when none does, or after a minute with some still waiting (they are reported
 * by the next run). Confined to the command's thread.
 */
final class VerdictWait {
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(1);

    private final ReportVerdicts verdicts;
    private final String batch;
    private long lastCheck;
    private long since;
    private long pending = -1;

    VerdictWait(ReportVerdicts verdicts, String batch) {
        this.verdicts = verdicts;
        this.batch = batch;
    }

    /** True once no verdict of the batch waits (or waiting is over); checks again at most once a second. */
    boolean done(boolean interrupted, PrintWriter err) {
        long now = System.nanoTime();
        if (pending < 0) {
            since = now;
        }
        if (pending != 0 && (pending < 0 || now - lastCheck >= CHECK_EVERY.toNanos())) {
            lastCheck = now;
            long before = pending;
            pending = verdicts.pending(batch);
            if (pending > 0 && before < 0) {
                err.println("Reporting " + pending + " verdicts of batch " + batch + " to the provider before stopping...");
                err.flush();
            }
        }
        if (pending > 0 && (interrupted || now - since >= GIVE_UP_AFTER.toNanos())) {
            err.println(pending + " verdicts of batch " + batch + " are not reported yet; the next run reports them.");
            err.flush();
            return true;
        }
        return pending == 0;
    }
}
