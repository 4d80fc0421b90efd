package io.captchafleet.worker.loop;

/** Why an input partition is paused; a partition resumes only when it has no reason left. */
enum PauseReason {
    /** The fleet is halted: no new work (polls of paid tasks go on). */
    HALT,
    /** The head record of a retry tier is not due yet. */
    NOT_DUE,
    /** {@code --max-in-flight} tasks are in flight. */
    BACK_PRESSURE,
    /** The matching results partition is still being restored. */
    RESTORING
}
