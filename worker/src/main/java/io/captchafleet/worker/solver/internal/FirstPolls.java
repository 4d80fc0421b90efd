package io.captchafleet.worker.solver.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import io.captchafleet.common.model.TaskKind;

/**
 * The first-poll delay per task kind, learned from the tasks answered so far: a poll that finds nothing ready is a
 * request spent for nothing, so the first one comes when a task of that kind has been seen ready by then in about one
 * case in ten. What is learned is the time each answered task was last seen not ready (a lower bound of its solve
 * time: polls only see a window); their {@value #QUANTILE}-quantile over the last {@value #WINDOW} answers is the
 * delay, never earlier than the profile's documented minimum (or {@code --poll-initial-delay}), and never later than
 * half the per-attempt time-out, so the poll budget still covers the attempt. Until {@value #MIN_SAMPLES} answers of
 * a kind are in, the minimum holds.
 *
 * <p>Not thread-safe: used only on the engine's scheduler thread.
 */
final class FirstPolls {
    static final int WINDOW = 200;
    static final int MIN_SAMPLES = 20;
    static final double QUANTILE = 0.1;
    /** The quantile is worked out again after this many new answers, not on every one. */
    private static final int RECOMPUTE_EVERY = 20;

    private final Map<TaskKind, Kind> kinds = new EnumMap<>(TaskKind.class);
    private final Duration cap;

    /** @param attemptTimeout the per-attempt time-out: the learned delay stays within half of it */
    FirstPolls(Duration attemptTimeout) {
        this.cap = attemptTimeout.dividedBy(2);
    }

    /** The first poll of a task of this kind, {@code minimum} after its submit or later. */
    Duration delay(TaskKind kind, Duration minimum) {
        Kind k = kinds.get(kind);
        if (k == null || k.learned == null || k.learned.compareTo(minimum) <= 0) {
            return minimum;
        }
        return k.learned.compareTo(cap) < 0 ? k.learned : (cap.compareTo(minimum) > 0 ? cap : minimum);
    }

    /**
     * A task of this kind answered; it was last seen not ready {@code lastNotReady} after its submit (zero when the
     * first poll found it ready).
     */
    void answered(TaskKind kind, Duration lastNotReady) {
        kinds.computeIfAbsent(kind, x -> new Kind()).add(lastNotReady.toMillis());
    }

    /** The last answers of one kind, in a ring. */
    private static final class Kind {
        private final long[] ring = new long[WINDOW];
        private int size;
        private int next;
        private int sinceRecompute;
        private Duration learned;

        void add(long millis) {
            ring[next] = millis;
            next = (next + 1) % WINDOW;
            size = Math.min(WINDOW, size + 1);
            if (size >= MIN_SAMPLES && (learned == null || ++sinceRecompute >= RECOMPUTE_EVERY)) {
                long[] sorted = Arrays.copyOf(ring, size);
                Arrays.sort(sorted);
                learned = Duration.ofMillis(sorted[(int) Math.floor(QUANTILE * (size - 1))]);
                sinceRecompute = 0;
            }
        }
    }
}
