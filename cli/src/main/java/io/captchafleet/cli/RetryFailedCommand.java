package io.captchafleet.cli;

import java.util.Optional;
import java.util.concurrent.Callable;

import io.captchafleet.common.InputException;
import io.captchafleet.producer.ops.RetryFailed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code captcha-fleet retry-failed --batch ID}: give failed tasks another generation. */
@Command(name = "retry-failed", mixinStandardHelpOptions = true,
        description = "Republish the batch's failed tasks (optionally only those that failed with --error CODE) as the next"
                + " generation, in one transaction, with their original task data.")
final class RetryFailedCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--batch", paramLabel = "ID", required = true, description = "The batch whose failed tasks to retry.")
    String batch;

    @Option(names = "--error", paramLabel = "CODE", description = "Only tasks that failed with this error code,"
            + " e.g. ERROR_CAPTCHA_UNSOLVABLE.")
    String error;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        if (batch == null || batch.isBlank()) {
            throw new InputException("Missing --batch: say which batch's failed tasks to retry, e.g. --batch tasks");
        }
        try (KafkaConnection connection = kafka.connect()) {
            RetryFailed.Result r = new RetryFailed(connection.clients(), kafka.layout()).run(batch, Optional.ofNullable(error));
            json.print(spec.commandLine().getOut(), r::toJson, r::describe);
        }
        return 0;
    }
}
