package io.captchafleet.cli;

import java.util.Locale;
import java.util.Map;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Environment variables mirror flags: {@code --bootstrap-servers} is also
 * {@code CAPTCHA_FLEET_BOOTSTRAP_SERVERS}. A flag on the command line wins over the environment,
 * which wins over the built-in default.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
    static final String PREFIX = "CAPTCHA_FLEET_";
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

    /** The environment variable that mirrors a long option name such as {@code --max-in-flight}. */
    static String variableFor(String longOption) {
        return PREFIX + longOption.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec)) {
            return null;
        }
        OptionSpec option = (OptionSpec) argSpec;
        String value = env.get(variableFor(option.longestName()));
        return value == null || value.isEmpty() ? option.defaultValue() : value;
    }
}
