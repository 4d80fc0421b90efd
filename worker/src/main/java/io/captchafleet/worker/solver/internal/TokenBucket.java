package io.captchafleet.worker.solver.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * The per-profile submit rate as a token bucket on the solver's clock. The bucket holds at most a tenth
 * of a second's worth of tokens (at least one), so no window of a few seconds sees much more than the
 * rate: at 19/s, at most 58 submits in any 3 s, under 2captcha's 60. A rate of 0 means no cap.
 * Not thread-safe: the {@link SubmitLimiter} that owns it locks.
 */
final class TokenBucket {
    /** Floating-point slack: a token computed to be due at an instant must be there at that instant. */
    private static final double EPSILON = 1e-9;

    private final double rate;
    private final double capacity;
    private double tokens;
    private Instant refilledAt;

    TokenBucket(double perSecond, Instant now) {
        this.rate = perSecond;
        this.capacity = Math.max(1.0, Math.floor(perSecond / 10));
        this.tokens = capacity;
        this.refilledAt = now;
    }

    boolean unlimited() {
        return rate <= 0;
    }

    boolean tryTake(Instant now) {
        if (unlimited()) {
            return true;
        }
        refill(now);
        if (tokens >= 1.0 - EPSILON) {
            tokens -= 1.0;
            return true;
        }
        return false;
    }

    /** When the next token is there ({@code now} when one is). */
    Instant nextTokenAt(Instant now) {
        if (unlimited()) {
            return now;
        }
        refill(now);
        if (tokens >= 1.0 - EPSILON) {
            return now;
        }
        long nanos = (long) Math.ceil((1.0 - tokens) / rate * 1_000_000_000L);
        return now.plus(Duration.ofNanos(nanos));
    }

    private void refill(Instant now) {
        if (now.isAfter(refilledAt)) {
            double seconds = Duration.between(refilledAt, now).toNanos() / 1e9;
            tokens = Math.min(capacity, tokens + seconds * rate);
            refilledAt = now;
        }
    }
}
