package io.captchafleet.worker.retry;

import java.math.BigDecimal;

/**
 * What was already tried for a task in its current attempt, as far as the next step depends on it.
 *
 * @param paidSubmits      paid submits of this task and generation so far, this attempt's included (ambiguous ones too)
 * @param shortRetryUsed   its submit was already retried once without a retry record
 * @param taskErrorRetried a task error was already retried in this attempt (the one more try a task error allows)
 * @param ambiguous        the failed submit's reply never came: it may have been billed
 * @param cost             what the paid submits cost as far as known (a retry record carries it on), or null
 */
public record Tried(int paidSubmits, boolean shortRetryUsed, boolean taskErrorRetried, boolean ambiguous, BigDecimal cost) {

    /** Nothing tried in this attempt yet but {@code paidSubmits} paid submits of unknown cost (a task fresh from its record). */
    public static Tried paid(int paidSubmits) {
        return paid(paidSubmits, null);
    }

    /** Nothing tried in this attempt yet but {@code paidSubmits} paid submits that cost {@code cost} (null: unknown). */
    public static Tried paid(int paidSubmits, BigDecimal cost) {
        return new Tried(paidSubmits, false, false, false, cost);
    }
}
