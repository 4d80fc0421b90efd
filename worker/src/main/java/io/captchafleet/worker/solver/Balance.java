package io.captchafleet.worker.solver;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** The account balance as the provider last reported it, and when. */
public record Balance(BigDecimal amount, Instant at) {
    public Balance {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(at, "at");
    }

    /** As the results' {@code captcha-fleet.balance} header carries it: {@code <amount>@<instant>}. */
    public String header() {
        return amount.toPlainString() + "@" + at;
    }
}
