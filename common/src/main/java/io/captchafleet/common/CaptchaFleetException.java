package io.captchafleet.common;

import io.captchafleet.common.config.ExitCode;

/**
 * Root of captcha-fleet's own exceptions. Each carries the process exit code a command ends with
 * when it is not handled, so every command maps failures to the same codes.
 */
public class CaptchaFleetException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ExitCode exitCode;

    public CaptchaFleetException(String message, ExitCode exitCode) {
        this(message, exitCode, null);
    }

    public CaptchaFleetException(String message, ExitCode exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
