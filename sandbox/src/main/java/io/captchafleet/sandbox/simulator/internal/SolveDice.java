package io.captchafleet.sandbox.simulator.internal;

import java.time.Duration;
import java.util.SplittableRandom;

import io.captchafleet.sandbox.simulator.Latency;

/**
 * Draws each accepted task's solve time and the random part of its token from a seeded generator of
 * its own, apart from the fault draws, so that the fault pattern depends only on the request
 * sequence. Thread-safe (this object's lock).
 */
final class SolveDice {
    /** An arbitrary constant that keeps this generator's stream apart from the fault dice's. */
    private static final long STREAM = 0x9E3779B97F4A7C15L;

    /** Guarded by this. */
    private final SplittableRandom random;
    private final Latency latency;

    record Solve(Duration latency, String tokenSuffix) {
    }

    SolveDice(long seed, Latency latency) {
        this.random = new SplittableRandom(seed ^ STREAM);
        this.latency = latency;
    }

    synchronized Solve next() {
        Duration solveTime = latency.sample(random);
        String suffix = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
        return new Solve(solveTime, suffix);
    }
}
