package io.captchafleet.common.errors;

/**
 * A failure below the API's own answers: the request never got a reply the API defines. Every one of
 * them is transient; the code is what outcomes and metrics record.
 */
public enum TransportFailure {
    /** HTTP 429 Too Many Requests: also lowers the allowed concurrency. */
    HTTP_429("HTTP_429"),
    /** HTTP 5xx. */
    HTTP_5XX("HTTP_5XX"),
    /** Any other non-2xx status without an answer the API defines. */
    HTTP_STATUS("HTTP_STATUS"),
    /** Connection refused or reset, DNS failure, and the like. */
    NETWORK("NETWORK_ERROR"),
    /** No reply within the request time-out. On a submit the request may still have been billed. */
    REQUEST_TIMEOUT("REQUEST_TIMEOUT"),
    /** A body that is not the API's: HTML, empty, truncated or otherwise unparseable. */
    BAD_RESPONSE("BAD_RESPONSE");

    private final String code;

    TransportFailure(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
