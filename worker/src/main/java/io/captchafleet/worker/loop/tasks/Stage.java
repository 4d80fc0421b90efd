package io.captchafleet.worker.loop.tasks;

/** Where a task stands in this worker; only the {@link TaskBook} moves a task from one stage to another. */
public enum Stage {
    /** Admitted: waits in the submit queue for a ledger slot, or for the fleet to resume. */
    QUEUED(false),
    /**
     * Its submit failed and is tried again in this attempt once its short retry is due (no retry record): then it goes
     * back to the front of the submit queue.
     */
    DELAYED(false),
    /** Handed to the solver; not yet known to be paid. */
    SUBMITTING(true),
    /** Paid, here or by a former owner: being polled. */
    POLLING(true),
    /** Its poll met a fatal answer: polled again once the fleet resumes. */
    PARKED(false),
    /**
     * Resumed from its {@code in_flight} outcome, its poll ended in a failure whose next step (a new submit,
     * a retry record) needs the task as it was submitted: waits for its input record.
     */
    AWAITING_INPUT(false),
    /** Its outcome is in the next transaction; it leaves the book once that commits. */
    FINISHING(true);

    private final boolean unsettled;

    Stage(boolean unsettled) {
        this.unsettled = unsettled;
    }

    /**
     * Whether a task here is work a halt lets finish (a submit on the wire, a paid task being polled, an
     * outcome not yet committed), as opposed to work that waits for a resume or for input.
     */
    public boolean unsettled() {
        return unsettled;
    }
}
