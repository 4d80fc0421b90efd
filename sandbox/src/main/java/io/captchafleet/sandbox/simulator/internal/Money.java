package io.captchafleet.sandbox.simulator.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** What the simulated account charges: one price per billed submit (the settings' {@code price}). */
final class Money {
    /** What an unlimited balance starts from: plenty, and plainly not a real account. */
    private static final BigDecimal UNLIMITED = new BigDecimal("1000000.00000");

    private final BigDecimal price;

    Money(BigDecimal price) {
        this.price = price;
    }

    /** The price of one billed submit in USD. */
    BigDecimal price() {
        return price;
    }

    /**
     * The balance in USD: this many billable submits ({@code remaining}), or, when the balance is unlimited (null),
     * what is left of a million after the {@code billed} submits, so that it drops by the price as a real one does.
     */
    BigDecimal balanceUsd(Long remaining, long billed) {
        BigDecimal usd = remaining == null ? UNLIMITED.subtract(price.multiply(BigDecimal.valueOf(billed)))
                : price.multiply(BigDecimal.valueOf(remaining));
        return usd.setScale(Math.max(5, price.scale()), RoundingMode.HALF_UP);
    }
}
