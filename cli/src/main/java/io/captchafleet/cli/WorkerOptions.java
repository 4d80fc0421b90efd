package io.captchafleet.cli;

import java.time.Duration;

import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.worker.WorkerSettings;
import io.captchafleet.worker.retry.RetryPolicy;
import picocli.CommandLine.Option;

/** How each worker runs; shared by {@code worker} and {@code local}. */
final class WorkerOptions {
    @Option(names = "--instance-id", paramLabel = "ID",
            description = "Static group membership and transactional id; must be unique per live worker (default: the host name).")
    String instanceId;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "1000",
            description = "Tasks in flight per worker (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--ledger-window", paramLabel = "N", defaultValue = "16",
            description = "Paid submits that may stand unrecorded; bounds double payment after a crash (default: ${DEFAULT-VALUE}).")
    int ledgerWindow;

    @Option(names = "--commit-interval-ms", paramLabel = "MS", defaultValue = "200",
            description = "Outcomes are committed at least this often (default: ${DEFAULT-VALUE}).")
    long commitIntervalMs;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "6",
            description = "Attempts per task for transient errors (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--max-paid-submits", paramLabel = "N", defaultValue = "3",
            description = "Paid submits per task and generation, whatever happens (default: ${DEFAULT-VALUE}).")
    int maxPaidSubmits;

    @Option(names = "--shutdown-timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "Graceful stop on SIGTERM takes at most this long (default: ${DEFAULT-VALUE}).")
    Duration shutdownTimeout;

    @Option(names = "--session-timeout", paramLabel = "DURATION", defaultValue = "15s", converter = DurationConverter.class,
            description = "A worker silent this long leaves the group and its partitions move (default: ${DEFAULT-VALUE}).")
    Duration sessionTimeout;

    @Option(names = "--transaction-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "A dead worker's open transaction is aborted after this long (default: ${DEFAULT-VALUE}).")
    Duration transactionTimeout;

    /**
     * Checks every value before there is a cluster ({@code local} does, before its broker starts); the
     * settings are built against an address that is never used, and dropped.
     *
     * @throws io.captchafleet.common.InputException naming the flag and the value
     */
    void check(TopicLayout layout) {
        settings(KafkaSettings.of("127.0.0.1:9092"), layout);
    }

    WorkerSettings settings(KafkaSettings kafka, TopicLayout layout) {
        WorkerSettings.Builder b = WorkerSettings.builder(kafka, layout)
                .retryPolicy(new RetryPolicy(maxAttempts, maxPaidSubmits, layout.tiers()))
                .maxInFlight(maxInFlight)
                .ledgerWindow(ledgerWindow)
                .commitInterval(Duration.ofMillis(commitIntervalMs))
                .shutdownTimeout(shutdownTimeout)
                .sessionTimeout(sessionTimeout)
                .transactionTimeout(transactionTimeout);
        if (instanceId != null) {
            b.instanceId(instanceId);
        }
        return b.build();
    }
}
