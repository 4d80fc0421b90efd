package io.captchafleet.worker.loop.tasks;

import io.captchafleet.worker.solver.SolveHandle;
import io.captchafleet.worker.solver.SolveRequest;

/** Starts a solve for a task the {@link TaskBook} hands over: the request to send and the token its events carry. */
@FunctionalInterface
public interface SolveStarter {
    SolveHandle start(SolveRequest request, long solveToken);
}
