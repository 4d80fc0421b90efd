package io.captchafleet.common.model;

import java.util.Arrays;
import java.util.Optional;

/** What a fleet event says. */
public enum FleetEventType {
    /** A worker met a configuration or budget error: the fleet halts. */
    FATAL,
    /** An operator halted the fleet. */
    HALT,
    /** An operator released the fleet. */
    RESUME;

    public static Optional<FleetEventType> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.name().equals(value)).findFirst();
    }
}
