package io.captchafleet.worker.retry;

import java.util.List;

import io.captchafleet.common.InputException;
import io.captchafleet.common.topics.RetryTier;

/**
 * The limits of retrying: how many attempts a task gets, how many paid submits it may cost, and the
 * delay tiers it travels through. Immutable.
 *
 * @param maxAttempts     attempts per task and generation (default 6)
 * @param maxPaidSubmits  paid submits per task and generation, whatever happens (default 3)
 * @param tiers           the retry delay tiers, shortest first
 */
public record RetryPolicy(int maxAttempts, int maxPaidSubmits, List<RetryTier> tiers) {
    public static final int DEFAULT_MAX_ATTEMPTS = 6;
    public static final int DEFAULT_MAX_PAID_SUBMITS = 3;

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new InputException("Invalid value " + maxAttempts + " for --max-attempts: must be at least 1");
        }
        if (maxPaidSubmits < 1) {
            throw new InputException("Invalid value " + maxPaidSubmits + " for --max-paid-submits: must be at least 1");
        }
        tiers = List.copyOf(tiers);
        if (tiers.isEmpty()) {
            throw new InputException("Invalid value \"\" for --retry-tiers: give at least one tier");
        }
    }

    /** The tier a task enters after failing {@code attempt}: the n-th failure uses the n-th tier, then the last. */
    public RetryTier tierAfter(int attempt) {
        return tiers.get(Math.min(Math.max(attempt, 1) - 1, tiers.size() - 1));
    }
}
