package io.captchafleet.common.model;

import java.util.Arrays;
import java.util.Optional;

/** The state of a task in the results topic. */
public enum OutcomeStatus {
    /** Paid for and being polled: the solver id lets any worker resume polling. */
    IN_FLIGHT("in_flight"),
    /** Waiting in a retry tier for its next attempt. */
    RETRYING("retrying"),
    /** Solved: never handled again, in any generation. */
    SOLVED("solved"),
    /** Failed for good in this generation; {@code retry-failed} may raise the generation. */
    FAILED("failed");

    private final String wire;

    OutcomeStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean terminal() {
        return this == SOLVED || this == FAILED;
    }

    public static Optional<OutcomeStatus> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(value)).findFirst();
    }
}
