package io.captchafleet.worker.solver;

/** A running solve. */
public interface SolveHandle {

    /**
     * Stops this solve locally: a submit not yet sent is dropped, polling stops, and no further listener
     * call is made. A submit already on the wire may still be billed (its {@code onPaid} is not
     * delivered). Used when the worker loses the task's partition: its {@code in_flight} record lets the
     * new owner continue. Idempotent.
     */
    void cancel();
}
