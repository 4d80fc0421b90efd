package io.captchafleet.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Environment variables mirror flags, scoped by command: {@code results --format} is
 * {@code CAPTCHA_FLEET_RESULTS_FORMAT} and {@code topics create --partitions} is
 * {@code CAPTCHA_FLEET_TOPICS_CREATE_PARTITIONS}, so a setting meant for one command never changes
 * another. The flags that mean the same in every command ({@link #SHARED}: where the cluster is, how
 * its topics are named and made, the state directory, logging) are also read without the command:
 * {@code CAPTCHA_FLEET_BOOTSTRAP_SERVERS}. A flag on the command line wins over the command's
 * variable, which wins over the shared one, which wins over the built-in default.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
    static final String PREFIX = "CAPTCHA_FLEET_";
    /** Flags that mean the same wherever they appear, by their first name. */
    static final Set<String> SHARED = Set.of(
            "--bootstrap-servers", "--kafka-config", "--connect-timeout", "--state-dir",
            "--topic-prefix", "--retry-tiers", "--partitions", "--retention", "--replication-factor",
            "--log-level", "--log-format", "--log-file", "--quiet", "--verbose");

    private final Map<String, String> env;

    EnvironmentDefaults(Map<String, String> env) {
        this.env = env;
    }

    /**
     * The environment a command runs with: the one its flags' defaults come from (tests give their own),
     * so that CAPTCHA_API_KEY is read from the same place as every CAPTCHA_FLEET_ variable.
     */
    static Map<String, String> of(CommandSpec spec) {
        IDefaultValueProvider provider = spec.root().defaultValueProvider();
        return provider instanceof EnvironmentDefaults ? ((EnvironmentDefaults) provider).env : System.getenv();
    }

    /** The variable of an option in its command, e.g. {@code CAPTCHA_FLEET_WORKER_MAX_IN_FLIGHT}. */
    static String variableFor(OptionSpec option) {
        return PREFIX + commandPart(option.command()) + flagPart(name(option));
    }

    /** The command-less variable of a shared option, e.g. {@code CAPTCHA_FLEET_BOOTSTRAP_SERVERS}; empty for the others. */
    static Optional<String> sharedVariableFor(OptionSpec option) {
        return SHARED.contains(name(option)) ? Optional.of(PREFIX + flagPart(name(option))) : Optional.empty();
    }

    /** The command-less variable of a shared flag by its name, e.g. {@code CAPTCHA_FLEET_QUIET} for {@code --quiet}. */
    static String sharedVariableFor(String flag) {
        if (!SHARED.contains(flag)) {
            throw new IllegalArgumentException(flag + " is not shared by every command");
        }
        return PREFIX + flagPart(flag);
    }

    /** Every variable that sets this option, the one that wins first. */
    static List<String> variablesFor(OptionSpec option) {
        List<String> names = new ArrayList<>(List.of(variableFor(option)));
        sharedVariableFor(option).ifPresent(names::add);
        return names;
    }

    /** The variable that would set a flag if it were shared: what people set before variables were scoped. */
    static String unscopedVariableFor(OptionSpec option) {
        return PREFIX + flagPart(name(option));
    }

    /** The flag's first long name as declared ({@code --kafka-config}, not its alias {@code --command-config}). */
    private static String name(OptionSpec option) {
        for (String name : option.names()) {
            if (name.startsWith("--")) {
                return name;
            }
        }
        throw new IllegalArgumentException("option " + option.longestName() + " has no long name");
    }

    /** Whether an option has a long name, and so a variable. */
    static boolean hasVariable(OptionSpec option) {
        return option.longestName().startsWith("--");
    }

    /** {@code topics create} becomes {@code TOPICS_CREATE_}; the root command adds nothing. */
    static String commandPart(CommandSpec command) {
        StringBuilder sb = new StringBuilder();
        for (CommandSpec c = command; c != null && c.parent() != null; c = c.parent()) {
            sb.insert(0, flagPart(c.name()) + "_");
        }
        return sb.toString();
    }

    private static String flagPart(String name) {
        return name.replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec)) {
            return null;
        }
        if (!hasVariable((OptionSpec) argSpec)) {
            return argSpec.defaultValue();
        }
        for (String variable : variablesFor((OptionSpec) argSpec)) {
            String value = env.get(variable);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return argSpec.defaultValue();
    }
}
