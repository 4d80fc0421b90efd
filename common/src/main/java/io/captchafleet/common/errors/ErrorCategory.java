package io.captchafleet.common.errors;

/**
 * The five kinds of failure, each with its own handling (ARCHITECTURE.md, "Error taxonomy"), and the one
 * end an operator decides ({@link #CANCELLED}).
 */
public enum ErrorCategory {
    /** Rate limits, bans, network trouble, bodies that are not the API's: try again later. */
    TRANSIENT("transient"),
    /** The task could not be solved this time: retry once, then fail. */
    TASK("task"),
    /** The task itself is wrong (bad page URL, bad site key, bad image): fail at once. */
    INVALID("invalid"),
    /** The account is misconfigured (bad key, IP not allowed): halt the fleet. */
    CONFIGURATION("configuration"),
    /** The balance is empty: halt the fleet until an operator refills and resumes. */
    BUDGET("budget"),
    /** No API error: an operator cancelled the task's batch before it was paid for ({@code captcha-fleet cancel}). */
    CANCELLED("cancelled");

    private final String wire;

    ErrorCategory(String wire) {
        this.wire = wire;
    }

    /** The name written in outcomes and metric labels. */
    public String wire() {
        return wire;
    }

    /** Configuration and budget errors halt the whole fleet. */
    public boolean fatal() {
        return this == CONFIGURATION || this == BUDGET;
    }
}
