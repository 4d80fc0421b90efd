package io.captchafleet.sandbox.simulator.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** What the simulated account charges: one price per billed submit, as 2captcha charges for reCAPTCHA v2. */
final class Money {
    /** The price of one solved task in USD, sent as {@code cost} in JSON answers. */
    static final BigDecimal PRICE_PER_SUBMIT = new BigDecimal("0.00299");
    /** What an unlimited balance reports: plenty, and plainly not a real account. */
    private static final BigDecimal UNLIMITED = new BigDecimal("1000000.00000");

    private Money() {
    }

    /** The balance in USD for this many billable submits (null: unlimited). */
    static BigDecimal balanceUsd(Long submits) {
        if (submits == null) {
            return UNLIMITED;
        }
        return PRICE_PER_SUBMIT.multiply(BigDecimal.valueOf(submits)).setScale(5, RoundingMode.HALF_UP);
    }
}
