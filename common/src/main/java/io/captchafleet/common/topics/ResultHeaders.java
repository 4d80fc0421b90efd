package io.captchafleet.common.topics;

/**
 * Header names on results records. The value says the same as the outcome's {@code worker} field; as a
 * header it lets a worker pass over its own outcomes while tailing without decoding them. Values are
 * UTF-8 text.
 */
public final class ResultHeaders {
    /** The instance id of the worker that wrote the outcome (the name dead letters use for theirs). */
    public static final String WORKER = DeadLetterHeaders.WORKER;
    /**
     * The account balance the writing worker saw last and when, as {@code <amount>@<ISO-8601 instant>}
     * ({@code 12.34567@2026-11-29T21:38:55.315Z}); only on outcomes written after the worker's first balance.
     * {@code status} shows the newest per batch.
     */
    public static final String BALANCE = "captcha-fleet.balance";

    private ResultHeaders() {
    }
}
