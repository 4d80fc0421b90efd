package io.captchafleet.worker.loop;

import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.captchafleet.worker.loop.tasks.Task;
import io.captchafleet.worker.solver.SolveListener;
import io.captchafleet.worker.solver.SolveRequest;
import io.captchafleet.worker.solver.SolveResult;

/**
 * The hand-off from the solver's threads to the worker loop: listener calls become events on a queue
 * that the loop drains. Each event carries the solve token it was issued for, so the loop ignores events
 * of solves it cancelled or replaced.
 *
 * <p>Bounded: a solve makes at most two calls (paid, done) and a cancelled one makes none, and the tasks
 * held are bounded by {@code --max-in-flight}, so twice that (plus room for the events of replaced solves
 * still queued) is never exceeded; a full queue would be a bug, and is reported as one. Thread-safe.
 */
final class SolverEvents {
    /** One solver callback, as the loop sees it. */
    record Event(Task task, long solveToken, String solverId, Instant submittedAt, SolveResult result) {
        boolean paid() {
            return result == null;
        }
    }

    private final BlockingQueue<Event> queue;

    SolverEvents(int maxInFlight) {
        this.queue = new ArrayBlockingQueue<>(4 * maxInFlight + 64);
    }

    /** A listener for the task's solve with this token. */
    SolveListener listenerFor(Task task, long token) {
        return new SolveListener() {
            @Override
            public void onPaid(SolveRequest request, String solverId, Instant submittedAt) {
                add(new Event(task, token, solverId, submittedAt, null));
            }

            @Override
            public void onDone(SolveRequest request, SolveResult result) {
                add(new Event(task, token, null, null, result));
            }
        };
    }

    private void add(Event e) {
        if (!queue.offer(e)) {
            throw new IllegalStateException("solver event queue full (" + queue.size() + "): more solves than --max-in-flight");
        }
    }

    /** Hands every queued event to {@code handler}. Called by the loop thread only. */
    void drainTo(Consumer<Event> handler) {
        Event e;
        while ((e = queue.poll()) != null) {
            handler.accept(e);
        }
    }

    /**
     * Waits at most {@code millis} for the next event and hands it to {@code handler}; false when none came.
     * Only used while a revocation or a stop waits for the solver, never in the normal loop.
     */
    boolean handleNext(long millis, Consumer<Event> handler) {
        Event e;
        try {
            e = queue.poll(Math.max(0, millis), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (e != null) {
            handler.accept(e);
        }
        return e != null;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }
}
