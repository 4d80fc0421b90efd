package io.captchafleet.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

import io.captchafleet.producer.ops.PurgeBatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code captcha-fleet purge --batch B}: delete a finished batch's outcomes, manifest and verdicts. */
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = "Delete a finished batch: tombstones for every outcome of it, its manifest and its verdicts (compaction frees"
                + " them), and every worker forgets it. Refused while a task of it is not finished; --force purges a cancelled"
                + " batch once none of its tasks is in flight. status and results then say when it was purged.")
final class PurgeCommand implements Callable<Integer> {
    /** Workers read the PURGE event within about a second: after this, what they wrote before it is read again. */
    private static final Duration QUIET = Duration.ofSeconds(2);

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--batch", paramLabel = "ID", required = true, description = "The batch to purge.")
    String batch;

    @Option(names = "--force", description = "Purge a cancelled batch whose tasks have not all finished, once none is in flight.")
    boolean force;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        try (KafkaConnection connection = kafka.connect()) {
            PurgeBatch.Result r = new PurgeBatch(connection.clients(), kafka.layout(), Operator.id(), QUIET).run(batch, force);
            json.print(spec.commandLine().getOut(), r::toJson, r::describe);
        }
        return 0;
    }
}
