package io.captchafleet.worker.solver;

import io.captchafleet.common.CaptchaFleetException;
import io.captchafleet.common.config.ExitCode;
import io.captchafleet.common.errors.Classification;

/**
 * A {@link Solver#balance()} or {@link Solver#report} call that did not get the answer it asked for.
 * The message names the call and the classified error and never contains the API key. A fatal
 * classification (bad key, empty balance) carries {@link ExitCode#HALTED}.
 */
public final class SolverCallException extends CaptchaFleetException {
    private static final long serialVersionUID = 1L;
    private final transient Classification error;

    public SolverCallException(String message, Classification error) {
        super(message, error.category().fatal() ? ExitCode.HALTED : ExitCode.INTERNAL);
        this.error = error;
    }

    /** The classified error. */
    public Classification error() {
        return error;
    }
}
