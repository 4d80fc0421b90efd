package io.captchafleet.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.captchafleet.producer.ops.FleetControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code captcha-fleet resume}: release a halted fleet. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Release a halted fleet (after a refill, a key fix, or an operator's halt). Refuses when it is not halted.")
final class ResumeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the record (optional).")
    String reason;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (KafkaConnection connection = kafka.connect()) {
            FleetControl.Change c = new FleetControl(connection.clients(), kafka.layout(), Operator.id()).resume(reason);
            out.println("Fleet " + c.after().describe() + " (it was " + c.before().describe() + ").");
        }
        out.flush();
        return 0;
    }
}
