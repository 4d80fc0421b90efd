package io.captchafleet.worker.loop.partitions;

import io.captchafleet.common.model.Outcome;

/**
 * Where the report of a solved task's answer stands, as its outcome says. A task is reported once: a verdict
 * for a task past {@link #NONE} is not reported again, whatever it says.
 */
public enum ReportStage {
    /** No verdict reported. */
    NONE,
    /** A report is on its way (committed before the provider is called, so a crash cannot send it twice). */
    SENDING,
    /** The report is over: answered, too late, not supported, or unconfirmed after a crash. */
    DONE;

    /** The outcome's {@code report_result} while a report is on its way. */
    public static final String SENDING_RESULT = "sending";

    static ReportStage of(Outcome o) {
        if (o.report() == null) {
            return NONE;
        }
        return SENDING_RESULT.equals(o.reportResult()) ? SENDING : DONE;
    }
}
