package io.captchafleet.common.errors;

/** What the worker does about a classified error. */
public enum ErrorAction {
    /** Submit-side transient error: move the task to the next retry tier (up to --max-attempts). */
    RETRY_LATER,
    /** Poll-side transient error: poll the same solver id again later, never a new submit. */
    POLL_AGAIN,
    /** The provider no longer knows the solver id: submit again, within --max-paid-submits. */
    RESUBMIT,
    /** Task error: one more attempt, then failed. */
    RETRY_ONCE,
    /** Invalid task: failed at once, retrying only costs money and rate budget. */
    FAIL,
    /** Configuration or budget error: close the submit gate and halt the fleet. */
    HALT
}
