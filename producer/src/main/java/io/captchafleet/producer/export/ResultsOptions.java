package io.captchafleet.producer.export;

import java.util.Objects;
import java.util.Optional;

import io.captchafleet.common.InputException;
import io.captchafleet.common.model.OutcomeStatus;

/** What {@code results} exports and how. Immutable; build with {@link #builder(String)}, which holds the defaults. */
public final class ResultsOptions {
    private final String batch;
    private final Optional<OutcomeStatus> status;
    private final boolean all;
    private final ExportFormat format;
    private final boolean follow;
    private final boolean untilComplete;

    private ResultsOptions(Builder b) {
        this.batch = b.batch;
        this.status = Optional.ofNullable(b.status);
        this.all = b.all;
        this.format = b.format;
        this.follow = b.follow || b.untilComplete;
        this.untilComplete = b.untilComplete;
    }

    public static Builder builder(String batch) {
        return new Builder(batch);
    }

    public String batch() {
        return batch;
    }

    /** Only outcomes with this status; empty means every terminal one (or every one with {@link #all()}). */
    public Optional<OutcomeStatus> status() {
        return status;
    }

    /** In-flight and retrying outcomes too. */
    public boolean all() {
        return all;
    }

    public ExportFormat format() {
        return format;
    }

    /** Keep streaming new outcomes as they commit. */
    public boolean follow() {
        return follow;
    }

    /** Follow until every task of the batch has a terminal outcome. */
    public boolean untilComplete() {
        return untilComplete;
    }

    /** Whether an outcome with {@code s} is exported. */
    public boolean wants(OutcomeStatus s) {
        if (status.isPresent()) {
            return status.get() == s;
        }
        return all || s.terminal();
    }

    /** Builder with the defaults: terminal outcomes of every status, JSON Lines, no follow. */
    public static final class Builder {
        private final String batch;
        private OutcomeStatus status;
        private boolean all;
        private ExportFormat format = ExportFormat.JSONL;
        private boolean follow;
        private boolean untilComplete;

        private Builder(String batch) {
            if (batch == null || batch.isBlank()) {
                throw new InputException("Missing --batch: say which batch to export, e.g. --batch tasks");
            }
            this.batch = batch;
        }

        /** @param value {@code solved} or {@code failed}, or null for both */
        public Builder status(String value) {
            if (value == null) {
                this.status = null;
                return this;
            }
            this.status = OutcomeStatus.fromWire(value.strip()).filter(OutcomeStatus::terminal).orElseThrow(() ->
                    new InputException("Invalid value " + value + " for --status: must be solved or failed"
                            + " (use --all for in-flight and retrying tasks too)"));
            return this;
        }

        public Builder all(boolean value) {
            this.all = value;
            return this;
        }

        public Builder format(String value) {
            this.format = ExportFormat.fromFlag(Objects.requireNonNullElse(value, "jsonl")).orElseThrow(() ->
                    new InputException("Invalid value " + value + " for --format: must be one of " + ExportFormat.flags()));
            return this;
        }

        public Builder follow(boolean value) {
            this.follow = value;
            return this;
        }

        public Builder untilComplete(boolean value) {
            this.untilComplete = value;
            return this;
        }

        public ResultsOptions build() {
            if ((follow || untilComplete) && format == ExportFormat.CHECKPOINT) {
                throw new InputException("--follow cannot be used with --format checkpoint: a checkpoint is one JSON array,"
                        + " written when the export ends; follow with --format jsonl or csv");
            }
            return new ResultsOptions(this);
        }
    }
}
