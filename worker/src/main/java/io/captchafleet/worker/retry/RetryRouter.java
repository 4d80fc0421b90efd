package io.captchafleet.worker.retry;

import java.math.BigDecimal;
import java.time.Instant;

import io.captchafleet.common.errors.Classification;
import io.captchafleet.common.errors.ErrorCategory;
import io.captchafleet.common.errors.ErrorClassifier;
import io.captchafleet.common.errors.Phase;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.topics.RetryTier;

/**
 * Decides what a failed solve leads to (ARCHITECTURE.md, "Error taxonomy"): transient submit errors
 * travel through the delay tiers up to the attempt limit; task errors get one more attempt; invalid
 * tasks fail at once; fatal errors halt; a forgotten solver id is submitted again. No path may exceed
 * the paid-submit cap. Stateless and thread-safe.
 */
public final class RetryRouter {
    private final RetryPolicy policy;
    private final ErrorClassifier classifier;

    public RetryRouter(RetryPolicy policy, ErrorClassifier classifier) {
        this.policy = policy;
        this.classifier = classifier;
    }

    /**
     * @param task        the record of the attempt that failed
     * @param error       the classified failure
     * @param paidSubmits paid submits of this task and generation so far, this attempt's included
     * @param cost        what they cost as far as known (carried by the next attempt's record), or null
     * @param now         the current time, for the next attempt's {@code not_before}
     */
    public NextStep route(TaskRecord task, Classification error, int paidSubmits, BigDecimal cost, Instant now) {
        switch (error.action()) {
            case HALT:
                return new NextStep.Halt(error);
            case FAIL:
                return new NextStep.Fail(error, "invalid task: retrying cannot help");
            case RESUBMIT:
                return paidSubmits < policy.maxPaidSubmits()
                        ? new NextStep.Resubmit()
                        : capReached(error, paidSubmits);
            case RETRY_ONCE:
                if (previousFailureWasTaskError(task)) {
                    return new NextStep.Fail(error, "task error on the retry too");
                }
                return retryLater(task, error, paidSubmits, cost, now);
            case RETRY_LATER:
            case POLL_AGAIN:
            default:
                return retryLater(task, error, paidSubmits, cost, now);
        }
    }

    private NextStep retryLater(TaskRecord task, Classification error, int paidSubmits, BigDecimal cost, Instant now) {
        if (task.attempt() >= policy.maxAttempts()) {
            return new NextStep.Fail(error, "attempt " + task.attempt() + " of " + policy.maxAttempts() + " failed");
        }
        if (paidSubmits >= policy.maxPaidSubmits()) {
            return capReached(error, paidSubmits);
        }
        RetryTier tier = policy.tierAfter(task.attempt());
        // An account-wide wait (a ban, a 429's Retry-After) is the submit gate's to hold, for every task at
        // once: a record waiting it out would pause its whole tier partition behind it. A wait of this one
        // request's (NO_SLOT's documented 5 s) is honoured here when it is longer than the tier's.
        long delayMs = error.accountWide() ? tier.delay().toMillis() : Math.max(tier.delay().toMillis(), error.waitFor().toMillis());
        TaskRecord next = task.nextAttempt(now.toEpochMilli() + delayMs, error.code(), paidSubmits, cost);
        return new NextStep.RetryLater(next, tier);
    }

    private NextStep capReached(Classification error, int paidSubmits) {
        return new NextStep.Fail(error, paidSubmits + " paid submits reached --max-paid-submits " + policy.maxPaidSubmits());
    }

    /** "Retry once": the attempt before this one already ended in a task error. */
    private boolean previousFailureWasTaskError(TaskRecord task) {
        return task.lastError() != null
                && classifier.classify(task.lastError(), Phase.POLL).category() == ErrorCategory.TASK;
    }
}
