package io.captchafleet.common.topics;

import io.captchafleet.common.InputException;

/** Existing topics do not match the configured layout; nothing was created or changed. */
public final class TopicMismatchException extends InputException {
    private static final long serialVersionUID = 1L;

    public TopicMismatchException(String message) {
        super(message);
    }
}
