package io.captchafleet.cli;

import java.util.concurrent.Callable;
import java.util.function.Supplier;

import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.producer.input.TaskFile;
import io.captchafleet.producer.progress.Progress;
import io.captchafleet.producer.submit.CheckedFile;
import io.captchafleet.producer.submit.SubmitOptions;
import io.captchafleet.producer.submit.SubmitResult;
import io.captchafleet.producer.submit.Submitter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

    @Mixin
    SubmitFlags flags;

    @Mixin
    ProgressOption progress;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        SubmitOptions options = flags.options(topics.settings());
        // The flags and the whole file are checked before anything connects or starts.
        TopicLayout layout = kafka.layout();
        Supplier<KafkaConnection> cluster = kafka.check();
        SubmitResult result;
        try (TaskFile tasks = TaskFile.open(file, System.in); Progress shown = progress.on(spec.commandLine().getErr(), "tasks")) {
            CheckedFile checked = Submitter.check(tasks, options, shown);
            try (KafkaConnection connection = cluster.get()) {
                result = new Submitter(connection.clients(), layout).submit(checked, shown);
            }
        }
        json.print(spec.commandLine().getOut(), result::toJson, result::summary);
        return 0;
    }
}
