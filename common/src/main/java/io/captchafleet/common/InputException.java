package io.captchafleet.common;

import io.captchafleet.common.config.ExitCode;

/** Wrong use or bad input (a flag, a file, a topic that does not match): exit code 2. */
public class InputException extends CaptchaFleetException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message, ExitCode.USAGE);
    }

    public InputException(String message, Throwable cause) {
        super(message, ExitCode.USAGE, cause);
    }
}
