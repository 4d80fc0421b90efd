package io.captchafleet.worker.solver.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Decides which queued submits may go now: the {@link AccountGate} must be open, fewer than the AIMD
 * limit may be on the wire, and the rate bucket must hold a token. Every decision reads the solver's
 * {@link Clock}, so a test that advances a test clock and calls {@link #takeReady()} or
 * {@link #nextSubmitAt()} sees exactly what a real run would. Thread-safe: every method locks
 * {@code this}.
 *
 * @param <T> a queued submit
 */
final class SubmitLimiter<T> {
    private final Clock clock;
    private final AccountGate gate;
    private final Aimd aimd;
    private final TokenBucket bucket;
    private final Predicate<T> dropped;
    private final Deque<T> queue = new ArrayDeque<>(); // guarded by this
    private int inFlight; // guarded by this

    /** @param dropped queued submits for which this is true are skipped (cancelled solves) */
    SubmitLimiter(Clock clock, AccountGate gate, int maxConcurrent, double submitsPerSecond, Predicate<T> dropped) {
        this.clock = clock;
        this.gate = gate;
        this.aimd = new Aimd(maxConcurrent);
        this.bucket = new TokenBucket(submitsPerSecond, clock.instant());
        this.dropped = dropped;
    }

    synchronized void enqueue(T submit) {
        queue.addLast(submit);
    }

    /** The submits that may go now, in queue order; each counts as on the wire until {@link #finished}. */
    synchronized List<T> takeReady() {
        List<T> ready = new ArrayList<>();
        while (!queue.isEmpty() && gate.isOpen() && inFlight < aimd.limit()) {
            T next = queue.peekFirst();
            if (dropped.test(next)) {
                queue.pollFirst();
                continue;
            }
            if (!bucket.tryTake(clock.instant())) {
                break;
            }
            queue.pollFirst();
            inFlight++;
            ready.add(next);
        }
        return ready;
    }

    /** While the gate is halted: every queued submit, removed from the queue (they end not submitted). */
    synchronized List<T> drainIfHalted() {
        if (!gate.halted() || queue.isEmpty()) {
            return List.of();
        }
        List<T> all = new ArrayList<>(queue);
        queue.clear();
        return all;
    }

    /** How a submit came back, as far as the allowed concurrency is concerned. */
    enum Return {
        /** The provider accepted it: the limit grows. */
        ACCEPTED,
        /** The provider pushed back (no slot, 429, a rate ban): the limit shrinks. */
        PUSHED_BACK,
        /** Anything else (an error, a cut connection, never sent): the limit stays. */
        OTHER
    }

    /** A submit taken by {@link #takeReady()} is off the wire. */
    synchronized void finished(Return how) {
        inFlight--;
        if (how == Return.PUSHED_BACK) {
            aimd.onPushBack(clock.instant());
        } else if (how == Return.ACCEPTED) {
            aimd.onSuccess();
        }
    }

    /**
     * When the next submit may go as far as time decides (a ban ending, the rate's next token): now or
     * later; empty while the gate is halted, which only {@code release()} ends. Concurrency is not time:
     * a full window opens when a submit comes back.
     */
    synchronized Optional<Instant> nextSubmitAt() {
        if (gate.halted()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant at = bucket.nextTokenAt(now);
        Optional<Instant> ban = gate.bannedUntil();
        if (ban.isPresent() && ban.get().isAfter(at)) {
            at = ban.get();
        }
        return Optional.of(at);
    }

    synchronized int concurrencyLimit() {
        return aimd.limit();
    }

    synchronized int inFlight() {
        return inFlight;
    }

    synchronized int queued() {
        return queue.size();
    }
}
