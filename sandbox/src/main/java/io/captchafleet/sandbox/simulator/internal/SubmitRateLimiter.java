package io.captchafleet.sandbox.simulator.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

/**
 * At most N submits in any window (2captcha: 60 {@code in.php} requests in 3 s, else
 * {@code MAX_USER_TURN}). Keeps the times of the last N admitted submits in a ring: a submit is over
 * the limit when the one N places back is still inside the window. Refused submits do not count, so
 * a client that backs off gets through. Thread-safe (this object's lock; the clock is read under it,
 * so the ring's times never go backwards).
 */
final class SubmitRateLimiter {
    private final Clock clock;
    private final long windowMillis;
    /** Guarded by this. */
    private final long[] admittedAt;
    /** Guarded by this. */
    private int oldest;

    SubmitRateLimiter(Clock clock, int limit, Duration window) {
        this.clock = clock;
        this.windowMillis = window.toMillis();
        this.admittedAt = new long[limit];
        // Far enough in the past to be outside any window, near enough not to overflow a subtraction.
        Arrays.fill(admittedAt, Long.MIN_VALUE / 2);
    }

    synchronized boolean tryAdmit() {
        long now = clock.millis();
        if (now - admittedAt[oldest] < windowMillis) {
            return false;
        }
        admittedAt[oldest] = now;
        oldest = (oldest + 1) % admittedAt.length;
        return true;
    }
}
