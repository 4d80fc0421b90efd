package io.captchafleet.common.topics;

/**
 * Header names on dead-letter records: why the original record could not be read and where it came
 * from, so {@code dead-letters} can list and replay it. Values are UTF-8 text.
 */
public final class DeadLetterHeaders {
    /** The reader's error message, e.g. {@code task record: missing field "batch"}. */
    public static final String REASON = "captcha-fleet.reason";
    public static final String SOURCE_TOPIC = "captcha-fleet.source.topic";
    public static final String SOURCE_PARTITION = "captcha-fleet.source.partition";
    public static final String SOURCE_OFFSET = "captcha-fleet.source.offset";
    /** The instance id of the worker that dead-lettered it. */
    public static final String WORKER = "captcha-fleet.worker";
    /** When it was dead-lettered, ISO-8601. */
    public static final String AT = "captcha-fleet.at";

    private DeadLetterHeaders() {
    }
}
