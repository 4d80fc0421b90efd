package io.captchafleet.worker.solver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.captchafleet.common.model.TaskKind;
import io.captchafleet.common.provider.Billing;
import io.captchafleet.worker.solver.Cost;
import org.junit.jupiter.api.Test;

/** How the solver tells what a paid submit cost: the API's price, the balance's windows, the given price. */
class SpendingTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static Billing billing(boolean refunds, Map<TaskKind, BigDecimal> prices) {
        return new Billing(false, Duration.ofSeconds(30), refunds, prices, null, Map.of(), Map.of());
    }

    @Test
    void aBalanceDropIsSharedByTheSubmitsPaidInItsWindowAndARefillSaysNothing() {
        Spending s = new Spending(billing(true, Map.of()), Optional.empty());
        s.want();
        assertThat(s.balanceDue(T0)).as("the first balance, before anything is paid").isTrue();
        s.asking(T0);
        s.balance(new BigDecimal("10.00"), T0);
        long w1 = s.paid();
        s.paid();
        assertThat(s.balanceDue(T0.plusSeconds(29))).as("not before the interval").isFalse();
        assertThat(s.pricedByNextBalance(w1)).isTrue();
        s.asking(T0.plusSeconds(30));
        s.balance(new BigDecimal("9.99"), T0.plusSeconds(30));

        assertThat(s.answered(TaskKind.IMAGE, null, w1)).isEqualTo(new Cost(new BigDecimal("0.005"), Cost.BALANCE));
        assertThat(s.pricedByNextBalance(w1)).as("its window is closed").isFalse();
        long w2 = s.paid();
        s.asking(T0.plusSeconds(60));
        s.balance(new BigDecimal("20.00"), T0.plusSeconds(60)); // refilled meanwhile
        assertThat(s.answered(TaskKind.IMAGE, null, w2)).as("the newest window that says something")
                .isEqualTo(new Cost(new BigDecimal("0.005"), Cost.BALANCE));
        assertThat(s.balanceDue(T0.plusSeconds(200))).as("nothing paid since: no request").isFalse();
    }

    @Test
    void theApisPriceComesFirstThenTheBalanceThenTheGivenPrice() {
        Spending s = new Spending(billing(false, Map.of(TaskKind.RECAPTCHA_V2, new BigDecimal("0.00299"))), Optional.empty());
        assertThat(s.price(TaskKind.RECAPTCHA_V2)).contains(new Cost(new BigDecimal("0.00299"), Cost.PRICE));
        assertThat(s.price(TaskKind.IMAGE)).isEmpty();
        assertThat(s.answered(TaskKind.IMAGE, "not a price", -1)).as("nothing known").isNull();
        assertThat(s.answered(TaskKind.IMAGE, "0.001", -1)).isEqualTo(new Cost(new BigDecimal("0.001"), Cost.API));
        assertThat(s.price(TaskKind.IMAGE)).hasValueSatisfying(c -> assertThat(c.amount()).isEqualByComparingTo("0.001"));

        Spending given = new Spending(billing(false, Map.of(TaskKind.IMAGE, new BigDecimal("0.1"))), Optional.of(new BigDecimal("0.002")));
        assertThat(given.price(TaskKind.IMAGE)).as("--price wins over the list price").contains(new Cost(new BigDecimal("0.002"), Cost.PRICE));
    }

    @Test
    void anUnsolvableAnswerIsFreeWhereTheProviderRefundsIt() {
        Optional<BigDecimal> price = Optional.of(new BigDecimal("0.002"));
        assertThat(new Spending(billing(true, Map.of()), price).failed(TaskKind.IMAGE, "ERROR_CAPTCHA_UNSOLVABLE", -1))
                .isEqualTo(new Cost(BigDecimal.ZERO, Cost.REFUNDED));
        assertThat(new Spending(billing(false, Map.of()), price).failed(TaskKind.IMAGE, "ERROR_CAPTCHA_UNSOLVABLE", -1))
                .isEqualTo(new Cost(new BigDecimal("0.002"), Cost.PRICE));
        assertThat(new Spending(billing(true, Map.of()), price).failed(TaskKind.IMAGE, "TIMEOUT", -1))
                .as("other failures of a paid submit: counted").isEqualTo(new Cost(new BigDecimal("0.002"), Cost.PRICE));
    }

    @Test
    void aZeroIntervalNeverAsksAndHoldsNothing() {
        Spending s = new Spending(billing(true, Map.of()).withBalanceInterval(Duration.ZERO), Optional.empty());
        s.want();
        assertThat(s.balanceDue(T0)).isFalse();
        assertThat(s.holdsSubmits(false)).isFalse();
        assertThat(s.pricedByNextBalance(s.paid())).isFalse();
    }
}
