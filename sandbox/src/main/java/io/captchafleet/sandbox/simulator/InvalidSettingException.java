package io.captchafleet.sandbox.simulator;

/**
 * A simulator setting with a value it cannot use. The message reads like Kafka's
 * {@code ConfigException}: {@code Invalid value 1.5 for fault-garbage: must be between 0 and 1}.
 * The setting names are the command line's flag names without the leading dashes, so a command
 * line can name its own flag from {@link #setting()} without parsing the message.
 */
public final class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String setting;
    private final String value;
    private final String reason;

    public InvalidSettingException(String setting, Object value, String reason) {
        super("Invalid value " + value + " for " + setting + ": " + reason);
        this.setting = setting;
        this.value = String.valueOf(value);
        this.reason = reason;
    }

    /** The setting's name, e.g. {@code fault-garbage} or {@code latency}. */
    public String setting() {
        return setting;
    }

    /** The value as it was given. */
    public String value() {
        return value;
    }

    /** Why it cannot be used, e.g. {@code must be between 0 and 1}. */
    public String reason() {
        return reason;
    }
}
