package io.captchafleet.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.captchafleet.producer.input.TaskFile;
import io.captchafleet.producer.progress.Progress;
import io.captchafleet.producer.submit.SubmitOptions;
import io.captchafleet.producer.submit.SubmitResult;
import io.captchafleet.producer.submit.Submitter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code captcha-fleet submit FILE|-}: validate a task file and publish it as one batch. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Validate every task of FILE (or stdin: -), then publish all of them and the batch manifest in one Kafka"
                + " transaction: a file with a bad line publishes nothing and names the line. The same file submitted again"
                + " publishes nothing.")
final class SubmitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    TopicOptions topics;

    @Parameters(index = "0", paramLabel = "FILE|-", description = "The task file: JSON Lines, a JSON array, CSV with a header row,"
            + " or the seed script's checkpoint file; - reads stdin.")
    String file;

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

    @Option(names = "--transaction-timeout", paramLabel = "DURATION", defaultValue = "15m", converter = DurationConverter.class,
            description = "How long the one transaction may stay open; at most the brokers' transaction.max.timeout.ms"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration transactionTimeout;

    @Mixin
    ProgressOption progress;

    @Override
    public Integer call() {
        SubmitOptions options = SubmitOptions.builder()
                .batch(batch)
                .format(format)
                .maxErrors(maxErrors)
                .allowUnknownMethods(allowUnknownMethods)
                .atomic(!noAtomic)
                .chunkSize(chunkSize)
                .transactionTimeout(transactionTimeout)
                .topicSettings(topics.settings())
                .build();
        PrintWriter out = spec.commandLine().getOut();
        try (KafkaConnection connection = kafka.connect();
                TaskFile tasks = TaskFile.open(file, System.in);
                Progress shown = progress.on(spec.commandLine().getErr(), "tasks")) {
            SubmitResult result = new Submitter(connection.clients(), kafka.layout()).submit(tasks, options, shown);
            out.println(result.summary());
        }
        out.flush();
        return 0;
    }
}
