package io.captchafleet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The root command: only dispatches to subcommands. Every command's help ends with {@link HelpFooter}. */
@Command(
        name = "captcha-fleet",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Solve large batches of CAPTCHA tasks through paid solver APIs with a Kafka-backed worker fleet:"
                + " nothing lost, nothing paid for twice.",
        // SandboxCommands adds local, simulator, bench and broker where this build has them.
        subcommands = {
            TopicsCommand.class,
            SubmitCommand.class,
            StatusCommand.class,
            ResultsCommand.class,
            HaltCommand.class,
            ResumeCommand.class,
            RetryFailedCommand.class,
            CancelCommand.class,
            PurgeCommand.class,
            CapCommand.class,
            ReportCommand.class,
            DeadLettersCommand.class,
            WorkerCommand.class,
            CompletionCommand.class,
            HelpCommand.class,
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
