package io.captchafleet.sandbox.simulator.internal;

/** Where a submitted task is, judged by the clock. */
enum SubmissionState {
    PROCESSING,
    SOLVED,
    UNSOLVABLE,
    /** Finished longer ago than the result TTL: the solver has forgotten it. */
    EXPIRED
}
