package io.captchafleet.cli;

import io.captchafleet.cli.bench.BenchCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The root command: only dispatches to subcommands. */
@Command(
        name = "captcha-fleet",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Solve large batches of CAPTCHA tasks through paid solver APIs with a Kafka-backed worker fleet:"
                + " nothing lost, nothing paid for twice.",
        subcommands = {
            BrokerCommand.class,
            TopicsCommand.class,
            SubmitCommand.class,
            StatusCommand.class,
            ResultsCommand.class,
            HaltCommand.class,
            ResumeCommand.class,
            RetryFailedCommand.class,
            DeadLettersCommand.class,
            WorkerCommand.class,
            LocalCommand.class,
            SimulatorCommand.class,
            BenchCommand.class,
        },
        footerHeading = "%nEnvironment:%n",
        footer = {
            "  Every option --name-of-flag can also be set as CAPTCHA_FLEET_NAME_OF_FLAG.",
            "%nExit codes (the same for every command):",
            "  0  every task solved, or the command succeeded",
            "  1  unexpected internal error",
            "  2  usage or input error",
            "  3  the fleet is halted by a fatal error",
            "  4  finished with some tasks failed",
        })
final class CaptchaFleetCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    LoggingOptions logging;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: say what to do, e.g. captcha-fleet local tasks.jsonl");
    }
}
