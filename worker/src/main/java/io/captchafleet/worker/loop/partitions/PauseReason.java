package io.captchafleet.worker.loop.partitions;

/** Why an input partition is paused; a partition resumes only when it has no reason left. */
public enum PauseReason {
    /** The fleet is halted: no new work (polls of paid tasks go on). */
    HALT,
    /** The head record of a retry tier is not due yet. */
    NOT_DUE,
    /** {@code --max-in-flight} tasks are held, or records read at the cap still wait to be judged. */
    BACK_PRESSURE,
    /** The matching results partition is not restored yet. */
    RESTORING,
    /** The matching results partition holds a record this worker cannot read: nothing of it is judged. */
    UNREADABLE
}
