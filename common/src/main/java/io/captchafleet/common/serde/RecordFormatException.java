package io.captchafleet.common.serde;

import io.captchafleet.common.InputException;

/**
 * A record or input line that cannot be read: not JSON, a missing field, a wrong type, a value out of
 * range, or a version newer than this reader. The message says what was wrong and where; a reader
 * throws it instead of ever returning a half-filled object.
 */
public final class RecordFormatException extends InputException {
    private static final long serialVersionUID = 1L;

    public RecordFormatException(String message) {
        super(message);
    }
}
