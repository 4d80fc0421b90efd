package io.captchafleet.cli;

import java.util.concurrent.Callable;

import io.captchafleet.producer.ops.FleetControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code captcha-fleet halt --reason TEXT}: stop every worker's submits at once. */
@Command(name = "halt", mixinStandardHelpOptions = true,
        description = "Halt the fleet: every worker stops submitting within about a second; already-paid tasks are still"
                + " polled and recorded. 'captcha-fleet resume' releases it.")
final class HaltCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    TopicOptions topics;

    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why; shown by status.")
    String reason;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        FleetControl.checkHaltReason(reason);
        try (KafkaConnection connection = kafka.connect()) {
            FleetControl.Change c = new FleetControl(connection.clients(), kafka.layout(), Operator.id()).halt(reason, topics.settings());
            json.print(spec.commandLine().getOut(), c::toJson, () -> c.written() ? "Fleet " + c.after().describe() + "."
                    : "The fleet was already " + c.after().describe() + "; nothing written.");
        }
        return 0;
    }
}
