package io.captchafleet.cli;

import java.util.ArrayList;
import java.util.List;

import io.captchafleet.cli.fleet.FleetSettings;

/** JVM options for the processes tests start from the jar or the classes: workers, {@code local}, commands. */
public final class TestJvm {
    /**
     * C1 only. A test's child JVM lives seconds to a minute and mostly waits; C2 compiling the Kafka clients and
     * broker code it never runs long enough to pay for roughly doubles its CPU (one {@code local} run of the
     * 500-task example: 16.0 s of CPU with C2, 8.7 s without, on the same machine), and CI has 2 cores shared by
     * two test JVMs and their children. No behaviour under test depends on the JIT.
     */
    public static final String QUICK_START = "-XX:TieredStopAtLevel=1";

    private TestJvm() {
    }

    /** {@link #QUICK_START}, then {@code options}. */
    public static List<String> options(String... options) {
        return with(List.of(options));
    }

    /** {@link #QUICK_START}, then {@code options}. */
    public static List<String> with(List<String> options) {
        List<String> all = new ArrayList<>(options.size() + 1);
        all.add(QUICK_START);
        all.addAll(options);
        return all;
    }

    /** {@code settings} with {@link #QUICK_START} for every worker process of the fleet. */
    public static FleetSettings quickWorkers(FleetSettings settings) {
        return settings.withWorkerJvm(with(settings.workerJvm()));
    }
}
