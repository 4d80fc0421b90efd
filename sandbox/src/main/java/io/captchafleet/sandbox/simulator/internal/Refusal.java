package io.captchafleet.sandbox.simulator.internal;

/** Why a submit was not billed, before each protocol names it with its own code. */
enum Refusal {
    WRONG_KEY("ERROR_WRONG_USER_KEY"),
    SUBMIT_RATE("MAX_USER_TURN"),
    INVALID_TASK(null),
    NO_SLOT("ERROR_NO_SLOT_AVAILABLE"),
    ZERO_BALANCE("ERROR_ZERO_BALANCE");

    private final String code;

    Refusal(String code) {
        this.code = code;
    }

    /** The API error code; for {@link #INVALID_TASK} the check's own code is used instead. */
    String code() {
        return code;
    }
}
