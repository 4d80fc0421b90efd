package io.captchafleet.worker.solver;

import java.time.Instant;

/**
 * Receives the events of one solve. Called on the solver's threads: implementations only hand the
 * event over (e.g. to a queue the worker loop drains) and return at once.
 */
public interface SolveListener {

    /**
     * The provider accepted a submit and will bill it. The worker records {@code in_flight} with this
     * solver id as soon as it can, so that after a crash the task is polled, not paid for again.
     * Called at most once per submit, always before {@link #onDone} for that solve.
     */
    void onPaid(SolveRequest request, String solverId, Instant submittedAt);

    /** The solve ended. Called exactly once per solve, unless the solve was cancelled first. */
    void onDone(SolveRequest request, SolveResult result);
}
