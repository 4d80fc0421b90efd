package io.captchafleet.producer.submit;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

import io.captchafleet.common.InputException;
import io.captchafleet.common.topics.TopicSettings;
import io.captchafleet.producer.input.InputFormat;

/**
 * How {@code submit} reads and publishes a file. Immutable; build with {@link #builder()}, which holds
 * every default.
 */
public final class SubmitOptions {
    public static final int DEFAULT_MAX_ERRORS = 50;
    public static final int DEFAULT_CHUNK_SIZE = 10_000;
    /** The broker's default transaction.max.timeout.ms: a large batch may take minutes to publish. */
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    private final Optional<String> batch;
    private final Optional<InputFormat> format;
    private final int maxErrors;
    private final boolean allowUnknownMethods;
    private final boolean atomic;
    private final int chunkSize;
    private final Duration transactionTimeout;
    private final TopicSettings topicSettings;
    private final Optional<BigDecimal> maxSpend;

    private SubmitOptions(Builder b) {
        this.batch = Optional.ofNullable(b.batch);
        this.format = Optional.ofNullable(b.format);
        this.maxErrors = b.maxErrors;
        this.allowUnknownMethods = b.allowUnknownMethods;
        this.atomic = b.atomic;
        this.chunkSize = b.chunkSize;
        this.transactionTimeout = b.transactionTimeout;
        this.topicSettings = b.topicSettings;
        this.maxSpend = Optional.ofNullable(b.maxSpend);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The batch id; empty means the file name without its extension. */
    public Optional<String> batch() {
        return batch;
    }

    /** The input format; empty means detect it from the file name and content. */
    public Optional<InputFormat> format() {
        return format;
    }

    public int maxErrors() {
        return maxErrors;
    }

    public boolean allowUnknownMethods() {
        return allowUnknownMethods;
    }

    /** One transaction for the whole batch (the default), or one per chunk. */
    public boolean atomic() {
        return atomic;
    }

    public int chunkSize() {
        return chunkSize;
    }

    public Duration transactionTimeout() {
        return transactionTimeout;
    }

    /** Settings for topics that do not exist yet. */
    public TopicSettings topicSettings() {
        return topicSettings;
    }

    /** The batch's spend cap, stored in its manifest and task records when it is first submitted; empty for none. */
    public Optional<BigDecimal> maxSpend() {
        return maxSpend;
    }

    /** Builder with the defaults of every option. */
    public static final class Builder {
        private String batch;
        private InputFormat format;
        private int maxErrors = DEFAULT_MAX_ERRORS;
        private boolean allowUnknownMethods;
        private boolean atomic = true;
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private Duration transactionTimeout = DEFAULT_TRANSACTION_TIMEOUT;
        private TopicSettings topicSettings = TopicSettings.defaults();
        private BigDecimal maxSpend;

        private Builder() {
        }

        public Builder batch(String value) {
            this.batch = value;
            return this;
        }

        public Builder format(InputFormat value) {
            this.format = value;
            return this;
        }

        /** @param value a {@code --format} value; null or {@code auto} means detect */
        public Builder format(String value) {
            if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("auto")) {
                this.format = null;
                return this;
            }
            this.format = InputFormat.fromFlag(value).orElseThrow(() -> new InputException("Invalid value " + value
                    + " for --format: must be one of " + InputFormat.flags() + " (or leave it out to detect it)"));
            return this;
        }

        public Builder maxErrors(int value) {
            if (value < 1) {
                throw new InputException("Invalid value " + value + " for --max-errors: must be at least 1");
            }
            this.maxErrors = value;
            return this;
        }

        public Builder allowUnknownMethods(boolean value) {
            this.allowUnknownMethods = value;
            return this;
        }

        public Builder atomic(boolean value) {
            this.atomic = value;
            return this;
        }

        public Builder chunkSize(int value) {
            if (value < 1) {
                throw new InputException("Invalid value " + value + " for --chunk-size: must be at least 1");
            }
            this.chunkSize = value;
            return this;
        }

        public Builder transactionTimeout(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new InputException("Invalid value " + value + " for --submit-transaction-timeout: must be positive");
            }
            this.transactionTimeout = value;
            return this;
        }

        public Builder topicSettings(TopicSettings value) {
            this.topicSettings = value;
            return this;
        }

        /** @param value a {@code --max-spend} value: an amount in the account's currency, or null for no cap */
        public Builder maxSpend(String value) {
            this.maxSpend = value == null ? null : io.captchafleet.common.config.Amounts.parse(value, "--max-spend");
            return this;
        }

        public SubmitOptions build() {
            return new SubmitOptions(this);
        }
    }
}
