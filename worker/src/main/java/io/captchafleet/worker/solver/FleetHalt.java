package io.captchafleet.worker.solver;

import java.util.Optional;

import io.captchafleet.common.errors.Classification;

/**
 * The fleet's halt state as the solver sees it: asked before every submit, stamped on every request (the
 * newest RESUME the process had seen when the request went out) and told at once of a fatal answer, so
 * the gate closes before anything reaches Kafka. One per process, shared by the solver and every worker
 * loop; {@code io.captchafleet.worker.halt.HaltState} implements it. Thread-safe.
 */
public interface FleetHalt {

    /** Whether no submit may go out: the fleet is halted, or its state is not known yet. */
    boolean halted();

    /** Why the fleet is halted, while it is. */
    Optional<String> reason();

    /**
     * The offset of the newest RESUME this process has seen, or -1: stamped on every request when it is
     * sent, so a fatal answer to a request sent before a later RESUME is recognised as stale.
     */
    long epoch();

    /**
     * A fatal answer (a wrong key, an empty balance) to a request sent at {@code epochAtSend}. Unless a
     * RESUME has come since that request went out, the fleet halts here and now.
     *
     * @param taskId the task the request was for, or null (a balance or report call)
     */
    void fatal(Classification error, long epochAtSend, String taskId);

    /** Called after every change of {@link #halted()}, on the thread that changed it; keep it quick. */
    void onChange(Runnable listener);
}
