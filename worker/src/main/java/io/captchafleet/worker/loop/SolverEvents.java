package io.captchafleet.worker.loop;

import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.captchafleet.worker.solver.SolveListener;
import io.captchafleet.worker.solver.SolveRequest;
import io.captchafleet.worker.solver.SolveResult;

/**
 * The hand-off from the solver's threads to the worker loop: listener calls become events on a
 * queue that the loop drains. Each event carries the solve token it was issued for, so the
 * loop can ignore events of solves it cancelled. Thread-safe.
 */
final class SolverEvents {
    /** One solver callback, as the loop sees it. */
    record Event(InFlightTask task, long solveToken, String solverId, Instant submittedAt, SolveResult result) {
        boolean paid() {
            return result == null;
        }
    }

    private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();

    /** A listener for the task's current solve. */
    SolveListener listenerFor(InFlightTask task) {
        long token = task.solveToken;
        return new SolveListener() {
            @Override
            public void onPaid(SolveRequest request, String solverId, Instant submittedAt) {
                queue.add(new Event(task, token, solverId, submittedAt, null));
            }

            @Override
            public void onDone(SolveRequest request, SolveResult result) {
                queue.add(new Event(task, token, null, null, result));
            }
        };
    }

    /** The next event, or null. Called by the loop thread only. */
    Event poll() {
        return queue.poll();
    }

    /**
     * The next event, waiting at most {@code millis} for one; null when none came. Only used while a
     * rebalance lets submits on the wire settle, never in the normal loop.
     */
    Event await(long millis) {
        try {
            return queue.poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }
}
