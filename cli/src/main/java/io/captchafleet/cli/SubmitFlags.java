package io.captchafleet.cli;

import java.time.Duration;

import io.captchafleet.common.topics.TopicSettings;
import io.captchafleet.producer.submit.SubmitOptions;
import picocli.CommandLine.Option;

/** How a task file is read and published; shared by {@code submit} and {@code local}. */
final class SubmitFlags {
    @Option(names = "--batch", paramLabel = "ID", description = "The batch id (default: the file name without its extension;"
            + " required for stdin).")
    String batch;

    @Option(names = "--format", paramLabel = "FORMAT", description = "jsonl, json, csv or checkpoint (default: detected from the"
            + " file name, else its content).")
    String format;

    @Option(names = "--max-errors", paramLabel = "N", defaultValue = "" + SubmitOptions.DEFAULT_MAX_ERRORS,
            description = "How many problems to list before '... and N more' (default: ${DEFAULT-VALUE}).")
    int maxErrors;

    @Option(names = "--allow-unknown-methods", description = "Pass tasks with methods or types this version does not know"
            + " through to the solver unchecked.")
    boolean allowUnknownMethods;

    @Option(names = "--no-atomic", description = "Commit in chunks instead of one transaction, for inputs too large for one"
            + " (an interrupted submit may then leave part of the batch published; submitting again completes it).")
    boolean noAtomic;

    @Option(names = "--chunk-size", paramLabel = "N", defaultValue = "" + SubmitOptions.DEFAULT_CHUNK_SIZE,
            description = "Tasks per transaction with --no-atomic (default: ${DEFAULT-VALUE}).")
    int chunkSize;

    @Option(names = "--submit-transaction-timeout", paramLabel = "DURATION", defaultValue = "15m", converter = DurationConverter.class,
            description = "How long the one transaction may stay open; at most the brokers' transaction.max.timeout.ms"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration transactionTimeout;

    @Option(names = "--max-spend", paramLabel = "AMOUNT",
            description = "A spend cap for the batch, in the account's currency (e.g. 2.50), stored when it is first submitted;"
                    + " 'captcha-fleet cap' changes it later (default: none).")
    String maxSpend;

    SubmitOptions options(TopicSettings topicSettings) {
        return builder(topicSettings).build();
    }

    /**
     * The options for a caller that has checked every task before and runs the workers itself: all or nothing is
     * decided already, so the batch is published in chunks whatever {@code --no-atomic} says, and the workers start
     * on the first one.
     */
    SubmitOptions inChunks(TopicSettings topicSettings) {
        return builder(topicSettings).atomic(false).build();
    }

    private SubmitOptions.Builder builder(TopicSettings topicSettings) {
        return SubmitOptions.builder()
                .batch(batch)
                .format(format)
                .maxErrors(maxErrors)
                .allowUnknownMethods(allowUnknownMethods)
                .atomic(!noAtomic)
                .chunkSize(chunkSize)
                .transactionTimeout(transactionTimeout)
                .topicSettings(topicSettings)
                .maxSpend(maxSpend);
    }
}
