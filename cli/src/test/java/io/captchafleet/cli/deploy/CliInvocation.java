package io.captchafleet.cli.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.captchafleet.cli.CommandModel;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * A {@code captcha-fleet} command line that a deployment file runs: where it is written, its
 * arguments (after the {@code captcha-fleet} entry point) and its environment. {@link #problems()}
 * checks it against the real command line: the subcommand exists, every flag is one it takes and
 * every value converts (picocli parses it exactly as the executable would), and every
 * {@code CAPTCHA_FLEET_*} variable mirrors one of its options or is read by the launcher or logging.
 */
record CliInvocation(String where, List<String> args, Map<String, String> env) {
    /** The variable that holds the key itself; deployment files name a key file instead. */
    static final String API_KEY_VARIABLE = "CAPTCHA_API_KEY";
    /** Variables read by the launcher script and the logging configuration rather than by an option. */
    static final Set<String> NON_FLAG_VARIABLES = nonFlagVariables();

    CliInvocation {
        args = List.copyOf(args);
        env = Map.copyOf(new LinkedHashMap<>(env));
    }

    private static Set<String> nonFlagVariables() {
        Set<String> names = new TreeSet<>();
        Pattern variable = Pattern.compile("CAPTCHA_FLEET_[A-Z0-9_]+");
        for (String file : List.of("captcha-fleet", "cli/src/main/resources/logback.xml")) {
            Matcher m = variable.matcher(Repo.read(file));
            while (m.find()) {
                names.add(m.group());
            }
        }
        return names;
    }

    /** The subcommand path the arguments name, e.g. {@code [topics, create]}; empty when the first is none. */
    List<String> subcommand() {
        List<String> path = new ArrayList<>();
        for (String arg : args) {
            List<String> candidate = new ArrayList<>(path);
            candidate.add(arg);
            if (arg.startsWith("-") || CommandModel.subcommand(candidate).isEmpty()) {
                break;
            }
            path = candidate;
        }
        return path;
    }

    /** Everything wrong with this command line, each naming the file and the part; empty when the CLI takes it. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        List<String> path = subcommand();
        if (path.isEmpty()) {
            problems.add(where + ": runs no captcha-fleet subcommand: " + args + " (subcommands: " + CommandModel.subcommandNames() + ")");
            return problems;
        }
        CommandSpec spec = CommandModel.subcommand(path).orElseThrow();
        String command = "captcha-fleet " + String.join(" ", path);
        for (String variable : new TreeSet<>(env.keySet())) {
            if (variable.equals(API_KEY_VARIABLE)) {
                problems.add(where + ": sets " + API_KEY_VARIABLE + ": the key belongs in a secret file (--api-key-file), never in a"
                        + " deployment file");
            } else if (variable.startsWith(CommandModel.variablePrefix()) && !NON_FLAG_VARIABLES.contains(variable)
                    && CommandModel.optionForVariable(spec, variable).isEmpty()) {
                problems.add(where + ": " + variable + " sets no option of '" + command + "'");
            }
        }
        try {
            CommandModel.parse(env, args);
        } catch (ParameterException e) {
            problems.add(where + ": '" + command + "' refuses " + args + " with " + new TreeSet<>(env.keySet()) + ": " + e.getMessage());
        }
        return problems;
    }

    /** The value in force for an option (typed, else from the environment, else the default). */
    Object value(String option) {
        CommandSpec parsed = CommandModel.parse(env, args);
        OptionSpec spec = Optional.ofNullable(parsed.findOption(option))
                .orElseThrow(() -> new AssertionError(where + ": 'captcha-fleet " + String.join(" ", subcommand()) + "' has no " + option));
        return spec.getValue();
    }
}
