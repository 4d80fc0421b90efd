package io.captchafleet.worker;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

import io.captchafleet.common.InputException;
import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.common.topics.TopicSettings;
import io.captchafleet.worker.retry.RetryPolicy;

/**
 * Everything one worker needs to run, with defaults in one place ({@link Builder}). Immutable.
 * Validation messages name the flag and the value.
 */
public final class WorkerSettings {
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private final String instanceId;
    private final KafkaSettings kafka;
    private final TopicLayout layout;
    private final RetryPolicy retryPolicy;
    private final int maxInFlight;
    private final int ledgerWindow;
    private final Duration commitInterval;
    private final Duration shutdownTimeout;
    private final Duration transactionTimeout;
    private final Duration sessionTimeout;
    private final int maxMessageBytes;

    private WorkerSettings(Builder b) {
        this.instanceId = b.instanceId;
        this.kafka = Objects.requireNonNull(b.kafka, "kafka");
        this.layout = Objects.requireNonNull(b.layout, "layout");
        this.retryPolicy = b.retryPolicy != null ? b.retryPolicy
                : new RetryPolicy(RetryPolicy.DEFAULT_MAX_ATTEMPTS, RetryPolicy.DEFAULT_MAX_PAID_SUBMITS, layout.tiers());
        this.maxInFlight = b.maxInFlight;
        this.ledgerWindow = b.ledgerWindow;
        this.commitInterval = b.commitInterval;
        this.shutdownTimeout = b.shutdownTimeout;
        this.transactionTimeout = b.transactionTimeout;
        this.sessionTimeout = b.sessionTimeout;
        this.maxMessageBytes = b.maxMessageBytes;
    }

    public static Builder builder(KafkaSettings kafka, TopicLayout layout) {
        return new Builder(kafka, layout);
    }

    /** The static-membership instance id; also names the transactional id, threads and metrics. */
    public String instanceId() {
        return instanceId;
    }

    public KafkaSettings kafka() {
        return kafka;
    }

    public TopicLayout layout() {
        return layout;
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    public int ledgerWindow() {
        return ledgerWindow;
    }

    public Duration commitInterval() {
        return commitInterval;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    public Duration transactionTimeout() {
        return transactionTimeout;
    }

    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** The same settings for another instance id (in-process workers {@code <id>-1}, {@code <id>-2}, ...). */
    public WorkerSettings withInstanceId(String id) {
        Builder b = toBuilder();
        b.instanceId(id);
        return b.build();
    }

    private Builder toBuilder() {
        Builder b = new Builder(kafka, layout);
        b.instanceId = instanceId;
        b.retryPolicy = retryPolicy;
        b.maxInFlight = maxInFlight;
        b.ledgerWindow = ledgerWindow;
        b.commitInterval = commitInterval;
        b.shutdownTimeout = shutdownTimeout;
        b.transactionTimeout = transactionTimeout;
        b.sessionTimeout = sessionTimeout;
        b.maxMessageBytes = maxMessageBytes;
        return b;
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
        private final KafkaSettings kafka;
        private final TopicLayout layout;
        private String instanceId = defaultInstanceId();
        private RetryPolicy retryPolicy;
        private int maxInFlight = 1000;
        private int ledgerWindow = 16;
        private Duration commitInterval = Duration.ofMillis(200);
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private Duration transactionTimeout = Duration.ofSeconds(10);
        private Duration sessionTimeout = Duration.ofSeconds(15);
        private int maxMessageBytes = TopicSettings.DEFAULT_MAX_MESSAGE_BYTES;

        private Builder(KafkaSettings kafka, TopicLayout layout) {
            this.kafka = kafka;
            this.layout = layout;
        }

        public Builder instanceId(String value) {
            if (value == null || !INSTANCE_ID.matcher(value).matches()) {
                throw new InputException("Invalid value " + value + " for --instance-id: use letters, digits, '.', '_' or '-'");
            }
            this.instanceId = value;
            return this;
        }

        public Builder retryPolicy(RetryPolicy value) {
            this.retryPolicy = value;
            return this;
        }

        public Builder maxInFlight(int value) {
            this.maxInFlight = atLeast(value, 1, "--max-in-flight");
            return this;
        }

        public Builder ledgerWindow(int value) {
            this.ledgerWindow = atLeast(value, 1, "--ledger-window");
            return this;
        }

        public Builder commitInterval(Duration value) {
            if (value == null || value.toMillis() < 1) {
                throw new InputException("Invalid value " + (value == null ? null : value.toMillis())
                        + " for --commit-interval-ms: must be at least 1");
            }
            this.commitInterval = value;
            return this;
        }

        public Builder shutdownTimeout(Duration value) {
            this.shutdownTimeout = positive(value, "--shutdown-timeout");
            return this;
        }

        public Builder transactionTimeout(Duration value) {
            this.transactionTimeout = positive(value, "--transaction-timeout");
            return this;
        }

        public Builder sessionTimeout(Duration value) {
            this.sessionTimeout = positive(value, "--session-timeout");
            return this;
        }

        public Builder maxMessageBytes(int value) {
            this.maxMessageBytes = atLeast(value, 1024, "--max-message-bytes");
            return this;
        }

        public WorkerSettings build() {
            return new WorkerSettings(this);
        }

        private static int atLeast(int value, int min, String flag) {
            if (value < min) {
                throw new InputException("Invalid value " + value + " for " + flag + ": must be at least " + min);
            }
            return value;
        }

        private static Duration positive(Duration value, String flag) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new InputException("Invalid value " + (value == null ? null : value.toMillis() + "ms") + " for " + flag
                        + ": must be positive");
            }
            return value;
        }
    }

    /** The host name, as containers and StatefulSet pods name themselves; "worker" when it is unknown. */
    static String defaultInstanceId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "worker";
            }
        }
        String cleaned = host.replaceAll("[^A-Za-z0-9._-]", "-");
        return INSTANCE_ID.matcher(cleaned).matches() ? cleaned : "worker";
    }
}
