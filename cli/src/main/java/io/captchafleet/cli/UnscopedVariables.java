package io.captchafleet.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Before a command runs: says which {@code CAPTCHA_FLEET_*} variables in the environment look like
 * one of its flags but are not read, because that flag's variable names the command
 * ({@code CAPTCHA_FLEET_FORMAT} set for {@code results} no longer changes {@code submit}). A warning on
 * stderr, never an error: the variable may be meant for another program.
 */
final class UnscopedVariables {
    private UnscopedVariables() {
    }

    static void warn(ParseResult parsed) {
        List<CommandLine> commands = parsed.asCommandLineList();
        CommandSpec command = commands.get(commands.size() - 1).getCommandSpec();
        Map<String, String> env = EnvironmentDefaults.of(command);
        PrintWriter err = command.commandLine().getErr();
        for (OptionSpec option : command.options()) {
            if (!EnvironmentDefaults.hasVariable(option) || EnvironmentDefaults.sharedVariableFor(option).isPresent()) {
                continue;
            }
            String unscoped = EnvironmentDefaults.unscopedVariableFor(option);
            String scoped = EnvironmentDefaults.variableFor(option);
            if (env.containsKey(unscoped) && !env.containsKey(scoped)) {
                err.println(command.qualifiedName() + ": " + unscoped + " is not read: set " + scoped + " for "
                        + command.qualifiedName() + " " + option.names()[0]
                        + " (variables of flags that only some commands have name the command).");
            }
        }
        err.flush();
    }
}
