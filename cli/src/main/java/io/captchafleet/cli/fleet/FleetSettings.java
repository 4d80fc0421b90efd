package io.captchafleet.cli.fleet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.captchafleet.sandbox.simulator.SimulatorSettings;

/**
 * How a harness fleet is set up: partitions, retry tiers, the simulator, the flags every worker gets and
 * the JVM options of each process. Immutable; each {@code with…} returns a changed copy.
 *
 * @param partitions  partitions of every keyed topic
 * @param retryTiers  {@code --retry-tiers}
 * @param simulator   the in-process solver simulator
 * @param workerFlags flags every worker gets (flag to value), before its own
 * @param workerJvm   JVM options of each worker process
 * @param brokerJvm   JVM options of the broker process
 * @param brokerConfig Kafka settings of the broker ({@code captcha-fleet broker --config KEY=VALUE})
 */
public record FleetSettings(int partitions, String retryTiers, SimulatorSettings simulator, Map<String, String> workerFlags,
                            List<String> workerJvm, List<String> brokerJvm, Map<String, String> brokerConfig) {

    public FleetSettings {
        workerFlags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(workerFlags));
        workerJvm = List.copyOf(workerJvm);
        brokerJvm = List.copyOf(brokerJvm);
        brokerConfig = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(brokerConfig));
    }

    /**
     * Short everything, so that a batch with kills takes seconds: retry tiers up to 4 s, 6 s sessions
     * (heartbeats every 1.2 s), 5 s transactions, polls every 300 ms, a 3 s submit time-out.
     */
    public static FleetSettings fast(SimulatorSettings simulator) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--session-timeout", "6s");
        flags.put("--transaction-timeout", "5s");
        flags.put("--shutdown-timeout", "5s");
        flags.put("--commit-interval-ms", "100");
        flags.put("--poll-initial-delay", "300ms");
        flags.put("--poll-interval", "300ms");
        flags.put("--submit-timeout", "3s");
        flags.put("--attempt-timeout", "30s");
        return new FleetSettings(6, "200ms,500ms,1s,2s,4s", simulator, flags, List.of("-Xmx256m", "-XX:+UseSerialGC"),
                List.of("-Xmx768m"), Map.of());
    }

    public FleetSettings withPartitions(int n) {
        return new FleetSettings(n, retryTiers, simulator, workerFlags, workerJvm, brokerJvm, brokerConfig);
    }

    public FleetSettings withSimulator(SimulatorSettings s) {
        return new FleetSettings(partitions, retryTiers, s, workerFlags, workerJvm, brokerJvm, brokerConfig);
    }

    /** This flag (e.g. {@code --max-in-flight}) with this value for every worker, replacing an earlier value. */
    public FleetSettings withWorkerFlag(String flag, String value) {
        Map<String, String> flags = new LinkedHashMap<>(workerFlags);
        flags.put(flag, value);
        return new FleetSettings(partitions, retryTiers, simulator, flags, workerJvm, brokerJvm, brokerConfig);
    }

    public FleetSettings withWorkerJvm(List<String> options) {
        return new FleetSettings(partitions, retryTiers, simulator, workerFlags, options, brokerJvm, brokerConfig);
    }

    /** This Kafka setting for the broker, replacing an earlier value. */
    public FleetSettings withBrokerConfig(String key, String value) {
        Map<String, String> config = new LinkedHashMap<>(brokerConfig);
        config.put(key, value);
        return new FleetSettings(partitions, retryTiers, simulator, workerFlags, workerJvm, brokerJvm, config);
    }

    /** The worker flags, with {@code overrides} replacing the same flags, as a command line. */
    List<String> workerArgs(Map<String, String> overrides) {
        Map<String, String> all = new LinkedHashMap<>(workerFlags);
        all.putAll(overrides);
        List<String> args = new ArrayList<>();
        all.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return args;
    }
}
