package io.captchafleet.cli;

import java.util.concurrent.Callable;

import io.captchafleet.producer.ops.CancelBatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code captcha-fleet cancel --batch B}: no new submits for one batch. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Cancel a batch: every worker stops submitting its tasks within about a second; its unpaid tasks end failed"
                + " with CANCELLED, paid ones are polled to their answer and recorded. 'captcha-fleet retry-failed --batch B --error"
                + " CANCELLED' brings it back. Cancelling a cancelled batch writes nothing.")
final class CancelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--batch", paramLabel = "ID", required = true, description = "The batch to cancel.")
    String batch;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; shown by status (optional).")
    String reason;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        try (KafkaConnection connection = kafka.connect()) {
            CancelBatch.Result r = new CancelBatch(connection.clients(), kafka.layout(), Operator.id()).run(batch, reason);
            json.print(spec.commandLine().getOut(), r::toJson, r::describe);
        }
        return 0;
    }
}
