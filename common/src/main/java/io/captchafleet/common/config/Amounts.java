package io.captchafleet.common.config;

import java.math.BigDecimal;

import io.captchafleet.common.InputException;

/** Amounts of money given on the command line ({@code --max-spend 2.50}, {@code --price 0.003}), in the account's currency. */
public final class Amounts {
    private Amounts() {
    }

    /**
     * An amount of at least zero.
     *
     * @throws InputException naming the flag and the value when it is not a plain decimal number of at least zero
     */
    public static BigDecimal parse(String value, String flag) {
        BigDecimal amount;
        try {
            amount = new BigDecimal(value.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new InputException("Invalid value " + value + " for " + flag + ": must be an amount like 2.50");
        }
        if (amount.signum() < 0) {
            throw new InputException("Invalid value " + value + " for " + flag + ": must be at least 0");
        }
        return amount.stripTrailingZeros().scale() < 0 ? amount.setScale(0) : amount;
    }

    /** An amount above zero (a price). */
    public static BigDecimal positive(String value, String flag) {
        BigDecimal amount = parse(value, flag);
        if (amount.signum() == 0) {
            throw new InputException("Invalid value " + value + " for " + flag + ": must be above 0");
        }
        return amount;
    }
}
