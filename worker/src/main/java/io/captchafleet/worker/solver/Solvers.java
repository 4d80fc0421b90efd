package io.captchafleet.worker.solver;

import io.captchafleet.worker.solver.internal.SolverEngines;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Creates the {@link Solver} of one provider account. Create one per process and share it between
 * workers: its submit limits and gate are process-wide. Stateless and thread-safe.
 */
public final class Solvers {
    private Solvers() {
    }

    /**
     * A solver speaking the profile's protocol at its base URL, on its own HTTP client and threads, with
     * its meters on {@code registry}, submitting only while {@code halt} allows. Close it to stop its threads.
     */
    public static Solver create(SolverSettings settings, MeterRegistry registry, FleetHalt halt) {
        return SolverEngines.create(settings, registry, halt);
    }
}
