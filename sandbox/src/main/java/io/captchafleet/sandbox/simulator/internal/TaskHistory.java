package io.captchafleet.sandbox.simulator.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import io.captchafleet.sandbox.simulator.TaskStats;

/**
 * Everything that happened to one task as the client knows it (one page URL, one image): its billed
 * submits and its counters. Billing holds this object's lock, so "was it billed again while an
 * earlier submit could still answer?" is decided on a consistent list even when two workers submit
 * the same task at the same moment.
 */
final class TaskHistory {
    /** The page URL, {@code image:<hash>} or {@code params:<hash>} that names this task. */
    private final String identity;
    /** Guarded by this. */
    private final List<Submission> submissions = new ArrayList<>(2);
    /** Guarded by this. */
    private long billedAgainAfterSuccess;
    private final LongAdder rejected = new LongAdder();
    private final LongAdder polls = new LongAdder();
    private final LongAdder answersGiven = new LongAdder();
    private final LongAdder tokensGiven = new LongAdder();
    private final AtomicBoolean solved = new AtomicBoolean();

    TaskHistory(String identity) {
        this.identity = identity;
    }

    String identity() {
        return identity;
    }

    /** Refused submits so far. */
    long rejected() {
        return rejected.sum();
    }

    /** Adds what a state directory remembered: refused submits and result requests. */
    void restoreCounts(long rejectedSubmits, long resultRequests) {
        rejected.add(rejectedSubmits);
        polls.add(resultRequests);
    }

    /** What a new billed submit changed in the task-level counters. */
    record Billing(boolean nowBilledTwice, boolean nowBilledAgainAfterSuccess) {
    }

    synchronized Billing recordBilled(Submission submission, long now, long ttlMillis) {
        boolean again = false;
        for (Submission earlier : submissions) {
            again |= earlier.tokenDeliveredOrPending(now, ttlMillis);
        }
        submissions.add(submission);
        if (again) {
            billedAgainAfterSuccess++;
        }
        return new Billing(submissions.size() == 2, again && billedAgainAfterSuccess == 1);
    }

    void countRejected() {
        rejected.increment();
    }

    void countPoll() {
        polls.increment();
    }

    void countUnsolvableAnswer() {
        answersGiven.increment();
    }

    /** Counts a token sent; true the first time this task got one. */
    boolean countTokenGiven() {
        answersGiven.increment();
        tokensGiven.increment();
        return solved.compareAndSet(false, true);
    }

    synchronized TaskStats snapshot() {
        List<String> ids = new ArrayList<>(submissions.size());
        List<Long> billedAt = new ArrayList<>(submissions.size());
        long bad = 0;
        long good = 0;
        for (Submission s : submissions) {
            ids.add(Long.toString(s.id()));
            billedAt.add(s.submittedAt());
            bad += s.badReports();
            good += s.goodReports();
        }
        return new TaskStats(submissions.size(), rejected.sum(), billedAgainAfterSuccess, polls.sum(),
                answersGiven.sum(), tokensGiven.sum(), ids, billedAt, bad, good);
    }
}
