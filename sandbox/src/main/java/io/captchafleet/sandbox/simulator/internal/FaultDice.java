package io.captchafleet.sandbox.simulator.internal;

import java.util.EnumSet;
import java.util.SplittableRandom;

import io.captchafleet.sandbox.simulator.Fault;
import io.captchafleet.sandbox.simulator.Faults;

/**
 * Draws the faults of each request from one seeded generator. Every request takes the same number of
 * draws whatever the shares, so the n-th request of a run gets the same draws for the same seed: the
 * same seed and the same request sequence give the same fault pattern. Thread-safe (this object's lock).
 */
final class FaultDice {
    /** Guarded by this. */
    private final SplittableRandom random;
    private volatile Faults faults;

    FaultDice(long seed, Faults faults) {
        this.random = new SplittableRandom(seed);
        this.faults = faults;
    }

    void setFaults(Faults faults) {
        this.faults = faults;
    }

    synchronized FaultDraw roll() {
        Faults shares = faults;
        EnumSet<Fault> hits = EnumSet.noneOf(Fault.class);
        for (Fault fault : Fault.values()) {
            if (random.nextDouble() < shares.share(fault)) {
                hits.add(fault);
            }
        }
        return new FaultDraw(hits, random.nextInt());
    }
}
