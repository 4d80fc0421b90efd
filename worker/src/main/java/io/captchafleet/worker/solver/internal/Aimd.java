package io.captchafleet.worker.solver.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * The allowed submit concurrency: additive increase (about +1 per {@code limit} successful submits, up to
 * the maximum), multiplicative decrease (halved on push-back, floor 1) at most once per
 * {@link #DECREASE_SPACING}, so the answers to one burst of submits lower it once, not to the floor.
 * Not thread-safe: the {@link SubmitLimiter} that owns it locks.
 */
final class Aimd {
    static final Duration DECREASE_SPACING = Duration.ofSeconds(1);

    private final int max;
    private double window;
    private Instant lastDecrease;

    Aimd(int max) {
        this.max = max;
        this.window = max;
    }

    int limit() {
        return Math.max(1, (int) Math.floor(window));
    }

    void onSuccess() {
        window = Math.min(max, window + 1.0 / limit());
    }

    /** @return whether the limit dropped */
    boolean onPushBack(Instant now) {
        if (lastDecrease != null && now.isBefore(lastDecrease.plus(DECREASE_SPACING))) {
            return false;
        }
        lastDecrease = now;
        window = Math.max(1.0, Math.floor(window) * 0.5);
        return true;
    }
}
