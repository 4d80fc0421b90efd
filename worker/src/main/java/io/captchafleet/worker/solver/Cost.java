package io.captchafleet.worker.solver;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one paid submit cost, in the account's currency, and how that is known.
 *
 * @param amount never negative
 * @param source {@link #API}, {@link #BALANCE}, {@link #PRICE} or {@link #REFUNDED}
 */
public record Cost(BigDecimal amount, String source) {
    /** The provider said: {@code getTaskResult}'s {@code cost}, {@code res.php?action=get2}'s price. */
    public static final String API = "api";
    /** Estimated from the account balance: its drop over a window, shared by the submits paid in it. */
    public static final String BALANCE = "balance";
    /** The price the user gave ({@code --price}) or the profile's list price, until something better is known. */
    public static final String PRICE = "price";
    /** An unsolvable answer the provider refunds. */
    public static final String REFUNDED = "refunded";

    public Cost {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(source, "source");
    }
}
