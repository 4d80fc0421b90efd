package io.captchafleet.worker.retry;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import io.captchafleet.common.errors.Classification;
import io.captchafleet.common.errors.ErrorCategory;
import io.captchafleet.common.errors.ErrorClassifier;
import io.captchafleet.common.errors.Phase;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.topics.RetryTier;

/**
 * Decides what a failed solve leads to (ARCHITECTURE.md, "Error taxonomy"): the first transient submit failure of an
 * attempt is retried after about a second (the provider's documented wait when it gives one, e.g. 5 s after {@code
 * ERROR_NO_SLOT_AVAILABLE}), later ones travel through the delay tiers up to the attempt limit; a task error gets one
 * more try, at once; invalid tasks fail at once; fatal errors halt; a forgotten solver id is submitted again. No path
 * may exceed the paid-submit cap. Stateless apart from its random source; thread-safe.
 */
public final class RetryRouter {
    /** The first retry of a transient submit failure without a documented wait: about a second. */
    static final Duration SHORT_RETRY = Duration.ofSeconds(1);
    /** Short retries are spread by up to this share of their delay, so the failures of one burst do not come back together. */
    static final double JITTER = 0.25;

    private final RetryPolicy policy;
    private final ErrorClassifier classifier;
    private final DoubleSupplier random;

    public RetryRouter(RetryPolicy policy, ErrorClassifier classifier) {
        this(policy, classifier, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random a source of numbers in [0, 1) for the jitter of short retries */
    public RetryRouter(RetryPolicy policy, ErrorClassifier classifier, DoubleSupplier random) {
        this.policy = policy;
        this.classifier = classifier;
        this.random = random;
    }

    /**
     * @param task  the record of the attempt that failed
     * @param error the classified failure
     * @param tried what was already tried in this attempt, and what its paid submits cost as far as known (carried by a
     *              retry record)
     * @param now   the current time, for the next attempt's {@code not_before}
     */
    public NextStep route(TaskRecord task, Classification error, Tried tried, Instant now) {
        switch (error.action()) {
            case HALT:
                return new NextStep.Halt(error);
            case FAIL:
                return new NextStep.Fail(error, "invalid task: retrying cannot help");
            case RESUBMIT:
                return tried.paidSubmits() < policy.maxPaidSubmits()
                        ? new NextStep.Resubmit()
                        : capReached(error, tried.paidSubmits());
            case RETRY_ONCE:
                if (tried.taskErrorRetried() || previousFailureWasTaskError(task)) {
                    return new NextStep.Fail(error, "task error on the retry too");
                }
                // Another solver may succeed, and nothing is gained by waiting: the one more try goes at once.
                return tried.paidSubmits() < policy.maxPaidSubmits()
                        ? new NextStep.RetrySoon(Duration.ZERO, error)
                        : capReached(error, tried.paidSubmits());
            case RETRY_LATER:
                if (shortRetryAllowed(error, tried)) {
                    return tried.paidSubmits() < policy.maxPaidSubmits()
                            ? new NextStep.RetrySoon(shortDelay(error), error)
                            : capReached(error, tried.paidSubmits());
                }
                return retryLater(task, error, tried, now);
            case POLL_AGAIN:
            default:
                return retryLater(task, error, tried, now);
        }
    }

    /**
     * Once per attempt, for a failure that surely cost nothing (an ambiguous submit may have been billed: it goes through
     * a tier, where its paid submit is recorded) and that holds no account-wide wait (the gate holds every submit then, and
     * the task waits in a tier rather than in memory).
     */
    private static boolean shortRetryAllowed(Classification error, Tried tried) {
        return !tried.shortRetryUsed() && !tried.ambiguous() && !error.accountWide();
    }

    /** The provider's documented wait, never shortened (spread only upward); else about a second, spread both ways. */
    Duration shortDelay(Classification error) {
        double r = random.getAsDouble();
        if (!error.waitFor().isZero()) {
            return error.waitFor().plusMillis((long) (error.waitFor().toMillis() * JITTER * r));
        }
        long base = SHORT_RETRY.toMillis();
        return Duration.ofMillis(Math.round(base * (1 - JITTER + 2 * JITTER * r)));
    }

    private NextStep retryLater(TaskRecord task, Classification error, Tried tried, Instant now) {
        int paidSubmits = tried.paidSubmits();
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
        TaskRecord next = task.nextAttempt(now.toEpochMilli() + delayMs, error.code(), paidSubmits, tried.cost());
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
