package io.captchafleet.sandbox.simulator;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.captchafleet.sandbox.simulator.internal.SimulatorServer;

/**
 * A solver API on loopback for tests, the {@code local} demo and the benchmark. It speaks both public
 * protocols at the root paths ({@code /in.php}, {@code /res.php}; {@code /createTask},
 * {@code /getTaskResult}, {@code /getBalance}), solves every task after a sampled latency with a
 * token that says it is simulated ({@code SIMULATED.<id>.<random>}), injects the faults its
 * {@link Faults} ask for, calls back a submit that named a callback URL ({@code pingback}, {@code callbackUrl};
 * loopback only) as its {@link Pingbacks} say, and counts every billed submit, poll and callback
 * ({@link #stats()}, {@code GET /stats}).
 *
 * <pre>{@code
 * try (SolverSimulator sim = SolverSimulator.start(SimulatorSettings.builder().latency(Latency.fixed(Duration.ofMillis(200))).build())) {
 *     // point the client at sim.baseUrl() ...
 *     assertThat(sim.stats().tasksBilledAgainAfterSuccess()).isZero();
 * }
 * }</pre>
 *
 * <p>With a {@linkplain SimulatorSettings#stateDir() state directory} it remembers: every billed submit
 * and every final answer is appended to a journal there before its reply leaves, and the request
 * counters are saved every second, so a simulator started again on the directory (after a close, a
 * crash or a {@code kill -9}) answers for every id it issued and its counters go on from where they
 * were. Without one (the default) it forgets everything when it stops.
 *
 * <p>Thread-safe: every method may be called from any thread while requests are served. Readiness is
 * a time stamp compared with the settings' clock on each poll, so thousands of tasks cost no thread.
 */
public final class SolverSimulator implements AutoCloseable {
    private final SimulatorServer server;
    private final SimulatorSettings settings;

    private SolverSimulator(SimulatorServer server, SimulatorSettings settings) {
        this.server = server;
        this.settings = settings;
    }

    /**
     * Binds the settings' address (127.0.0.1 unless told otherwise) and port and starts serving.
     *
     * @throws java.io.UncheckedIOException when the port cannot be bound (in use, say), or the state directory cannot be written
     * @throws InvalidSettingException (setting {@code state-dir}) when another simulator uses the state directory or its
     *     journal cannot be read
     */
    public static SolverSimulator start(SimulatorSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return new SolverSimulator(SimulatorServer.start(settings), settings);
    }

    /**
     * Where the API is from this machine, with a trailing slash: {@code http://127.0.0.1:PORT/} when it
     * listens on loopback or every address ({@code 0.0.0.0}), else {@code http://HOST:PORT/}.
     */
    public URI baseUrl() {
        String host = settings.host();
        boolean local = host.equals("0.0.0.0") || host.equals("::") || host.equals("127.0.0.1") || host.equals("localhost");
        String shown = local ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + shown + ":" + server.port() + "/");
    }

    /** The settings it was started with (faults and key may have changed since). */
    public SimulatorSettings settings() {
        return settings;
    }

    /** The counters now; the same as {@code GET /stats}. */
    public SimulatorStats stats() {
        return server.stats();
    }

    /** Each task's counters by identity (page URL, or {@code image:<hash>}); the same as {@code GET /stats/tasks}. */
    public Map<String, TaskStats> taskStats() {
        return server.taskStats();
    }

    /** How often each solver id's answer was reported bad and good, for the ids reported at all; the same as {@code GET /stats/reports}. */
    public Map<String, ReportCounts> reports() {
        return server.reports();
    }

    /** Adds billable submits to a limited balance; an unlimited one stays unlimited. */
    public void refill(long submits) {
        if (submits < 0) {
            throw new InvalidSettingException("submits", submits, "must be at least 0");
        }
        server.refill(submits);
    }

    /** Changes the fault shares for the requests that arrive from now on. */
    public void setFaults(Faults faults) {
        server.setFaults(Objects.requireNonNull(faults, "faults"));
    }

    /** Changes how callbacks are sent (dropped, duplicated, late, in which style) for the answers ready from now on. */
    public void setPingbacks(Pingbacks pingbacks) {
        server.setPingbacks(Objects.requireNonNull(pingbacks, "pingbacks"));
    }

    /**
     * When the answer of a solver id it issued is (or was) ready, by the settings' clock: what a measure of the
     * time from answer to recorded outcome starts from. Empty for an id it never issued.
     */
    public Optional<Instant> readyAt(String solverId) {
        return server.readyAt(solverId);
    }

    /** Accepts only this key from now on; {@code null} accepts any non-blank key again. */
    public void setKey(String key) {
        server.setKey(SimulatorSettings.checkedKey(key));
    }

    /** Stops serving at once; pending slow replies are abandoned. Idempotent. */
    @Override
    public void close() {
        server.close();
    }
}
