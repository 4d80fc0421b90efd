package io.captchafleet.sandbox.simulator.internal;

/** The answers a result request can give for one id. */
enum PollState {
    NOT_READY,
    SOLVED,
    UNSOLVABLE,
    /** Never issued, or finished longer ago than the result TTL. */
    UNKNOWN_ID,
    /** Not a number at all. */
    MALFORMED_ID,
    /** More result requests for this id than the poll budget allows. */
    OVER_BUDGET
}
