package io.captchafleet.sandbox.simulator.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One billed submit: the solver id the client got, when its answer is ready, and whether that answer
 * is a token or {@code ERROR_CAPTCHA_UNSOLVABLE}. Readiness is a time stamp compared with the clock
 * on each poll, so nothing waits for a task. Thread-safe: the fixed part is final, the counters atomic.
 */
final class Submission {
    private final long id;
    private final TaskHistory history;
    private final TaskKind kind;
    private final long submittedAt;
    private final long readyAt;
    private final boolean unsolvable;
    private final String token;
    private final AtomicInteger polls = new AtomicInteger();
    private final AtomicBoolean tokenDelivered = new AtomicBoolean();
    private final AtomicInteger badReports = new AtomicInteger();
    private final AtomicInteger goodReports = new AtomicInteger();

    Submission(long id, TaskHistory history, TaskKind kind, long submittedAt, long readyAt, boolean unsolvable, String token) {
        this.id = id;
        this.history = history;
        this.kind = kind;
        this.submittedAt = submittedAt;
        this.readyAt = readyAt;
        this.unsolvable = unsolvable;
        this.token = token;
    }

    /** Where the task is at this time; a finished answer expires {@code ttlMillis} after it was ready. */
    SubmissionState state(long now, long ttlMillis) {
        if (now < readyAt) {
            return SubmissionState.PROCESSING;
        }
        if (now - readyAt >= ttlMillis) {
            return SubmissionState.EXPIRED;
        }
        return unsolvable ? SubmissionState.UNSOLVABLE : SubmissionState.SOLVED;
    }

    /**
     * True when a client that submits this task again pays twice for nothing: this submit gave a
     * token, or can still give one (in progress, or solved and not expired).
     */
    boolean tokenDeliveredOrPending(long now, long ttlMillis) {
        return tokenDelivered.get() || !unsolvable && state(now, ttlMillis) != SubmissionState.EXPIRED;
    }

    /** Counts one result request for this id; returns how many there have been. */
    int countPoll() {
        return polls.incrementAndGet();
    }

    /** Result requests for this id so far. */
    int polls() {
        return polls.get();
    }

    /** Adds the result requests a state directory remembered for this id. */
    void restorePolls(int count) {
        polls.addAndGet(count);
    }

    /** Notes that the token reached a client; true the first time. */
    boolean markTokenDelivered() {
        return tokenDelivered.compareAndSet(false, true);
    }

    /** Counts a report of this answer as bad or good. */
    void countReport(boolean good) {
        (good ? goodReports : badReports).incrementAndGet();
    }

    int badReports() {
        return badReports.get();
    }

    int goodReports() {
        return goodReports.get();
    }

    long id() {
        return id;
    }

    TaskHistory history() {
        return history;
    }

    TaskKind kind() {
        return kind;
    }

    long submittedAt() {
        return submittedAt;
    }

    long readyAt() {
        return readyAt;
    }

    String token() {
        return token;
    }

    boolean unsolvable() {
        return unsolvable;
    }
}
