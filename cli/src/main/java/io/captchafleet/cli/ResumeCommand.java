package io.captchafleet.cli;

import java.util.concurrent.Callable;

import io.captchafleet.producer.ops.FleetControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code captcha-fleet resume}: release a halted fleet. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Release a halted fleet (after a refill, a key fix, or an operator's halt). A fleet that is running is left"
                + " as it is (exit 0), so running it twice is as good as once.")
final class ResumeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the record (optional).")
    String reason;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        try (KafkaConnection connection = kafka.connect()) {
            FleetControl.Change c = new FleetControl(connection.clients(), kafka.layout(), Operator.id()).resume(reason);
            json.print(spec.commandLine().getOut(), c::toJson, () -> c.written()
                    ? "Fleet " + c.after().describe() + " (it was " + c.before().describe() + ")."
                    : "The fleet is " + c.after().describe() + "; nothing to resume, nothing written.");
        }
        return 0;
    }
}
