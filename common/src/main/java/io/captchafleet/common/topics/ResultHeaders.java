package io.captchafleet.common.topics;

/**
 * Header names on results records. The value says the same as the outcome's {@code worker} field; as a
 * header it lets a worker pass over its own outcomes while tailing without decoding them. Values are
 * UTF-8 text.
 */
public final class ResultHeaders {
    /** The instance id of the worker that wrote the outcome (the name dead letters use for theirs). */
    public static final String WORKER = DeadLetterHeaders.WORKER;

    private ResultHeaders() {
    }
}
