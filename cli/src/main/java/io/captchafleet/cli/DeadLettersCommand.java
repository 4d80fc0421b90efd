package io.captchafleet.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.serde.Json;
import io.captchafleet.producer.ops.DeadLetters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code captcha-fleet dead-letters}: list records no worker could read; replay those that read now. */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = "List the records workers set aside because they could not read them, with the reason and origin."
                + " --replay republishes, once, those that read correctly now (after an upgrade) to the topic they came from.")
final class DeadLettersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--replay", description = "Republish the dead letters that now read as task records; report the rest.")
    boolean replay;

    @Option(names = "--json", description = "One JSON object per dead letter (with --replay, one summary object).")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (KafkaConnection connection = kafka.connect()) {
            DeadLetters deadLetters = new DeadLetters(connection.clients(), kafka.layout());
            if (replay) {
                DeadLetters.Replay r = deadLetters.replay();
                if (json) {
                    ObjectNode o = Json.object();
                    o.put("replayed", r.replayed());
                    r.unreadable().forEach(d -> o.withArray("unreadable").add(d.toJson()));
                    out.println(Json.write(o));
                } else {
                    out.println(r.describe());
                }
            } else {
                long n = deadLetters.list(d -> out.println(json ? Json.write(d.toJson()) : d.describe()));
                Notice.print(err, n == 0 ? "No dead letters." : n + (n == 1 ? " dead letter." : " dead letters."));
            }
        }
        out.flush();
        err.flush();
        return 0;
    }
}
