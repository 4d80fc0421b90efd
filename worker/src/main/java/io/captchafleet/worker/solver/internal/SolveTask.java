package io.captchafleet.worker.solver.internal;

import java.time.Instant;

import io.captchafleet.worker.solver.SolveHandle;
import io.captchafleet.worker.solver.SolveListener;
import io.captchafleet.worker.solver.SolveRequest;

/**
 * One solve's state. {@link #cancel()} may be called from any thread ({@code cancelled} is volatile);
 * every other field is read and written only on the engine's scheduler thread.
 */
final class SolveTask implements SolveHandle {
    final SolveRequest request;
    final SolveListener listener;
    private final SolverEngine engine;
    private volatile boolean cancelled;

    // Scheduler thread only.
    boolean finished;
    /** Whether this solve's own submit was accepted (false for a resumed solve). */
    boolean paid;
    /** The fleet's halt epoch when its submit went out (see {@link io.captchafleet.worker.solver.FleetHalt#epoch()}). */
    long epochAtSend;
    String solverId;
    Instant submittedAt;
    Instant deadline;
    Instant nextPollAt;
    /** When its last poll went out: the next never follows sooner than an interval less one tick. */
    Instant lastPollSentAt;
    /** When the last poll that found it not ready went out, or null. */
    Instant lastNotReadyAt;
    /** Whether its last poll request failed (the next one then waits for its regular time). */
    boolean lastPollFailed;
    boolean firstPoll = true;
    /** Its submit registered a callback: the first poll waits for it (the expected solve time plus the grace). */
    boolean callbackExpected;
    boolean pollOnWire;
    int pollsUsed;
    /** The balance window its submit was paid in (see {@link Spending}), or -1 when it was paid before this solve. */
    long window = -1;

    SolveTask(SolveRequest request, SolveListener listener, SolverEngine engine) {
        this.request = request;
        this.listener = listener;
        this.engine = engine;
    }

    boolean cancelled() {
        return cancelled;
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            engine.forget(this);
        }
    }

    @Override
    public String toString() {
        return "solve of " + request.taskId() + (solverId == null ? "" : " (solver id " + solverId + ")");
    }
}
