package io.captchafleet.sandbox.broker;

/** The embedded broker could not be started; the message says where and why. */
public final class BrokerStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
