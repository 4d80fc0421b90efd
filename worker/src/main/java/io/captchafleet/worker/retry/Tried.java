package io.captchafleet.worker.retry;

/**
 * What was already tried for a task in its current attempt, as far as the next step depends on it.
 *
 * @param paidSubmits      paid submits of this task and generation so far, this attempt's included (ambiguous ones too)
 * @param shortRetryUsed   its submit was already retried once without a retry record
 * @param taskErrorRetried a task error was already retried in this attempt (the one more try a task error allows)
 * @param ambiguous        the failed submit's reply never came: it may have been billed
 */
public record Tried(int paidSubmits, boolean shortRetryUsed, boolean taskErrorRetried, boolean ambiguous) {

    /** Nothing tried in this attempt yet but {@code paidSubmits} paid submits (a task fresh from its record). */
    public static Tried paid(int paidSubmits) {
        return new Tried(paidSubmits, false, false, false);
    }
}
