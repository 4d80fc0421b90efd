package io.captchafleet.sandbox.simulator.internal;

import java.util.Optional;
import java.util.Set;

import io.captchafleet.sandbox.simulator.Fault;

/**
 * The faults drawn for one request. At most one of the faults that change how the reply travels
 * applies; the most disruptive wins (drop, then HTTP 500, then garbage, then slow).
 *
 * @param hits every fault whose draw came up, drawn independently
 * @param garbageVariant picks the kind of garbage body to send, if garbage applies (any int)
 */
record FaultDraw(Set<Fault> hits, int garbageVariant) {
    /** No fault: what requests outside the solver API get. */
    static final FaultDraw NONE = new FaultDraw(Set.of(), 0);

    private static final Fault[] TRANSPORT_PRECEDENCE = {Fault.DROP, Fault.HTTP_500, Fault.GARBAGE, Fault.SLOW};

    FaultDraw {
        hits = Set.copyOf(hits);
    }

    boolean has(Fault fault) {
        return hits.contains(fault);
    }

    /** The fault that changes how this request's reply travels, if any. */
    Optional<Fault> transportFault() {
        for (Fault fault : TRANSPORT_PRECEDENCE) {
            if (hits.contains(fault)) {
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }
}
