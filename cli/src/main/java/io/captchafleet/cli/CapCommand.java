package io.captchafleet.cli;

import java.math.BigDecimal;
import java.util.concurrent.Callable;

import io.captchafleet.common.InputException;
import io.captchafleet.common.config.Amounts;
import io.captchafleet.producer.ops.FleetControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code captcha-fleet cap --batch ID --max-spend AMOUNT}: raise, lower or lift a batch's spend cap. */
@Command(name = "cap", mixinStandardHelpOptions = true,
        description = "Raise, lower or lift a batch's spend cap (a fleet event every worker follows within about a second)."
                + " Tasks held at the old cap go on if the new one allows; a local run stopped at the cap (exit code 5)"
                + " continues when started again.")
final class CapCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--batch", paramLabel = "ID", required = true, description = "The batch whose cap to change.")
    String batch;

    @Option(names = "--max-spend", paramLabel = "AMOUNT", required = true,
            description = "The most the batch may cost, in the account's currency (e.g. 2.50); none lifts the cap.")
    String maxSpend;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        if (batch == null || batch.isBlank()) {
            throw new InputException("Missing --batch: say whose cap to change, e.g. --batch tasks");
        }
        BigDecimal amount = "none".equalsIgnoreCase(maxSpend.strip()) ? null : Amounts.parse(maxSpend, "--max-spend");
        try (KafkaConnection connection = kafka.connect()) {
            FleetControl.CapChange c = new FleetControl(connection.clients(), kafka.layout(), Operator.id()).cap(batch, amount);
            json.print(spec.commandLine().getOut(), c::toJson, c::describe);
        }
        return 0;
    }
}
