package io.captchafleet.worker.solver.internal;

/** A task this protocol cannot express (a JSON-API provider and a method without a task type). Nothing was sent. */
final class UnsupportedTaskException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsupportedTaskException(String message) {
        super(message);
    }
}
