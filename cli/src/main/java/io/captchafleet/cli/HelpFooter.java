package io.captchafleet.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.captchafleet.common.config.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The end of every command's {@code --help}: which environment variables set its flags (named for that
 * command, see {@link EnvironmentDefaults}) and the exit codes every command shares ({@link ExitCode}).
 */
final class HelpFooter {
    private HelpFooter() {
    }

    /** Footers are printed as given, so lines are wrapped here, short of picocli's 80 columns. */
    private static final int WIDTH = 78;

    static void addTo(CommandLine root) {
        set(root.getCommandSpec(), wrap("Every option --name-of-flag of a command can also be set as the environment variable"
                + " CAPTCHA_FLEET_<COMMAND>_NAME_OF_FLAG (CAPTCHA_FLEET_RESULTS_FORMAT sets results --format). The flags that"
                + " mean the same in every command (" + String.join(", ", sharedFlags(root)) + ") are also read without the"
                + " command (CAPTCHA_FLEET_BOOTSTRAP_SERVERS)."
                + " A flag on the command line wins."));
        for (CommandLine sub : root.getSubcommands().values()) {
            addToSubcommands(sub);
        }
    }

    /** The shared flags some command has, in the order commands declare them. */
    private static Set<String> sharedFlags(CommandLine command) {
        Set<String> names = new LinkedHashSet<>();
        for (CommandLine sub : command.getSubcommands().values()) {
            sub.getCommandSpec().options().stream().filter(EnvironmentDefaults::hasVariable)
                    .filter(o -> EnvironmentDefaults.sharedVariableFor(o).isPresent()).forEach(o -> names.add(o.names()[0]));
            names.addAll(sharedFlags(sub));
        }
        return names;
    }

    private static void addToSubcommands(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        StringBuilder text = new StringBuilder("Every option --name-of-flag can also be set as the environment variable "
                + EnvironmentDefaults.PREFIX + EnvironmentDefaults.commandPart(spec) + "NAME_OF_FLAG.");
        List<String> shared = spec.options().stream().filter(EnvironmentDefaults::hasVariable)
                .filter(o -> EnvironmentDefaults.sharedVariableFor(o).isPresent()).map(o -> o.names()[0]).collect(Collectors.toList());
        if (!shared.isEmpty()) {
            text.append(" ").append(String.join(", ", shared)).append(shared.size() == 1 ? " is" : " are")
                    .append(" also read without the command (CAPTCHA_FLEET_NAME_OF_FLAG).");
        }
        text.append(" A flag on the command line wins.");
        set(spec, wrap(text.toString()));
        for (CommandLine sub : command.getSubcommands().values()) {
            addToSubcommands(sub);
        }
    }

    /** Two-space indented lines of at most {@link #WIDTH} characters. */
    static List<String> wrap(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(" ");
        for (String word : text.split(" ")) {
            if (line.length() + 1 + word.length() > WIDTH && line.length() > 1) {
                lines.add(line.toString());
                line = new StringBuilder(" ");
            }
            line.append(' ').append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    private static void set(CommandSpec spec, List<String> environment) {
        List<String> footer = new ArrayList<>(environment);
        footer.add("%nExit codes (the same for every command):");
        footer.addAll(ExitCode.helpTable());
        spec.usageMessage().footerHeading("%nEnvironment:%n").footer(footer.toArray(String[]::new));
    }
}
