package io.captchafleet.common.provider;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.captchafleet.common.model.TaskKind;

/**
 * What a provider says about money: how a client learns what a task cost, how often it may ask for the
 * balance, whether an unsolvable answer is refunded, its list prices, and how answers are reported as bad or
 * good (and until when). Part of a {@link ProviderProfile}. Immutable.
 *
 * @param resultWithPrice   the legacy protocol's {@code res.php?action=get2} answers {@code OK|token|price}
 *                          (used where multi-id polling is off: {@code get2} takes one id)
 * @param balanceInterval   the balance is asked for no more often than this (Anti-Captcha: once per 30 s)
 * @param refundsUnsolvable an {@code ERROR_CAPTCHA_UNSOLVABLE} answer costs nothing (2captcha refunds it;
 *                          Anti-Captcha charges it)
 * @param prices            list price of one solve per task kind, in the account's currency, where the profile
 *                          knows one: a starting point until the API's cost or the balance says better
 * @param reportWindow      how long after the answer a report is accepted, or null for no limit (Anti-Captcha: 60 s)
 * @param badReports        per task kind, the call that reports a bad answer (legacy: the {@code res.php} action;
 *                          JSON: the method); {@link TaskKind#OTHER} stands for every kind not named
 * @param goodReports       the same for good answers
 */
public record Billing(
        boolean resultWithPrice,
        Duration balanceInterval,
        boolean refundsUnsolvable,
        Map<TaskKind, BigDecimal> prices,
        Duration reportWindow,
        Map<TaskKind, String> badReports,
        Map<TaskKind, String> goodReports) {

    public Billing {
        Objects.requireNonNull(balanceInterval, "balanceInterval");
        prices = Map.copyOf(prices);
        badReports = Map.copyOf(badReports);
        goodReports = Map.copyOf(goodReports);
    }

    /** The legacy protocol's money: {@code get2} where the provider has it, {@code reportbad}/{@code reportgood} for every kind. */
    static Billing legacy(boolean get2, Duration balanceInterval, boolean refundsUnsolvable, Map<TaskKind, BigDecimal> prices) {
        return new Billing(get2, balanceInterval, refundsUnsolvable, prices, null, Map.of(TaskKind.OTHER, "reportbad"),
                Map.of(TaskKind.OTHER, "reportgood"));
    }

    /** A JSON provider's money: the {@code cost} of {@code getTaskResult} when it sends one, report methods per kind. */
    static Billing json(Duration balanceInterval, boolean refundsUnsolvable, Duration reportWindow, Map<TaskKind, String> bad,
                        Map<TaskKind, String> good) {
        return new Billing(false, balanceInterval, refundsUnsolvable, Map.of(), reportWindow, bad, good);
    }

    /** The list price of one solve of this kind, if the profile knows one. */
    public Optional<BigDecimal> price(TaskKind kind) {
        return Optional.ofNullable(prices.get(kind));
    }

    /** The call that reports an answer of this kind, or empty when the provider takes no such report. */
    public Optional<String> reportCall(boolean good, TaskKind kind) {
        Map<TaskKind, String> calls = good ? goodReports : badReports;
        return Optional.ofNullable(calls.getOrDefault(kind, calls.get(TaskKind.OTHER)));
    }

    /** How long after the answer a report is accepted, if the provider limits it. */
    public Optional<Duration> reportWindowLength() {
        return Optional.ofNullable(reportWindow);
    }

    /** The same with another balance interval ({@code --balance-interval}). */
    public Billing withBalanceInterval(Duration interval) {
        return new Billing(resultWithPrice, interval, refundsUnsolvable, prices, reportWindow, badReports, goodReports);
    }

    static Map<TaskKind, BigDecimal> prices(Object... kindsAndPrices) {
        Map<TaskKind, BigDecimal> m = new EnumMap<>(TaskKind.class);
        for (int i = 0; i < kindsAndPrices.length; i += 2) {
            m.put((TaskKind) kindsAndPrices[i], new BigDecimal((String) kindsAndPrices[i + 1]));
        }
        return m;
    }
}
