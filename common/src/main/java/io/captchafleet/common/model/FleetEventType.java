package io.captchafleet.common.model;

import java.util.Arrays;
import java.util.Optional;

/** What a fleet event says: about the whole fleet, or about one batch. */
public enum FleetEventType {
    /** A worker met a configuration or budget error: the fleet halts. */
    FATAL(false),
    /** An operator halted the fleet. */
    HALT(false),
    /** An operator released the fleet. */
    RESUME(false),
    /** A spending limit for one batch (raised, lowered or lifted). */
    CAP(true),
    /** One batch is cancelled: no new submits, its unpaid tasks end as cancelled. */
    CANCEL(true),
    /** One batch's records are deleted. */
    PURGE(true);

    private final boolean perBatch;

    FleetEventType(boolean perBatch) {
        this.perBatch = perBatch;
    }

    /** Whether the event is about one batch (it names it) rather than the whole fleet. */
    public boolean perBatch() {
        return perBatch;
    }

    public static Optional<FleetEventType> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.name().equals(value)).findFirst();
    }
}
