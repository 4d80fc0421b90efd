package io.captchafleet.cli.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.captchafleet.cli.fleet.Fleet;
import io.captchafleet.cli.fleet.FleetSettings;
import io.captchafleet.sandbox.simulator.SimulatorSettings;

/**
 * What every scenario shares: the size scale, the work folder, where progress is printed. Used on the
 * bench thread only.
 */
final class BenchContext {
    private final double scale;
    private final Path workDir;
    private final PrintWriter out;

    BenchContext(double scale, Path workDir, PrintWriter out) {
        this.scale = scale;
        this.workDir = workDir;
        this.out = out;
    }

    double scale() {
        return scale;
    }

    /** Where scenarios keep their files (fleets, secrets). */
    Path workDir() {
        return workDir;
    }

    /** {@code n} times the scale, at least {@code min}. */
    int scaled(long n, int min) {
        return (int) Math.max(min, Math.round(n * scale));
    }

    /**
     * A fresh fleet for one scenario (its own broker and data). Timings are the product's defaults except
     * shorter sessions and transactions, so that kills and joins do not stall a run for long.
     */
    Fleet fleet(String scenario, SimulatorSettings simulator) throws Exception {
        return fleet(scenario, standard(simulator));
    }

    Fleet fleet(String scenario, FleetSettings settings) throws Exception {
        Path dir = workDir(scenario);
        log("starting a fleet in %s", dir);
        return Fleet.start(dir, settings);
    }

    /** A new folder of the work folder for one scenario's run. */
    Path workDir(String scenario) throws java.io.IOException {
        return Files.createDirectories(workDir.resolve(scenario + "-" + System.currentTimeMillis()));
    }

    static FleetSettings standard(SimulatorSettings simulator) {
        return new FleetSettings(12, "5s,10s,30s,2m,10m", simulator, java.util.Map.of("--session-timeout", "10s",
                "--transaction-timeout", "10s", "--shutdown-timeout", "10s"), java.util.List.of("-Xmx512m"), java.util.List.of("-Xmx1g"),
                java.util.Map.of());
    }

    void log(String format, Object... args) {
        out.println("bench: " + String.format(Locale.ROOT, format, args));
        out.flush();
    }
}
