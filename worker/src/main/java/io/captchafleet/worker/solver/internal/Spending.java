package io.captchafleet.worker.solver.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

import io.captchafleet.common.model.TaskKind;
import io.captchafleet.common.provider.Billing;
import io.captchafleet.worker.solver.Balance;
import io.captchafleet.worker.solver.Cost;

/**
 * What the account's paid submits cost, as far as this process can tell. Three sources, best first: the
 * API's own price in an answer ({@code getTaskResult}'s {@code cost}, {@code get2}'s price), the balance
 * (sampled no more often than the profile allows; its drop between two samples is shared equally by the
 * submits paid in that window), and a price given beforehand (the user's {@code --price}, else the profile's
 * list price per task kind).
 *
 * <p>A paid submit is stamped with the window it was paid in; when its answer comes, it costs its window's
 * share if that window has closed, else the newest closed window's. A window whose balance rose (a refill)
 * says nothing and is dropped. Thread-safe: every method holds this object's lock (calls are few and short).
 */
final class Spending {
    /** Windows remembered for answers still to come: far more than an attempt time-out's worth at any interval. */
    private static final int WINDOWS_KEPT = 512;
    private static final MathContext PRECISION = new MathContext(12, RoundingMode.HALF_EVEN);

    private final Billing billing;
    private final Optional<BigDecimal> userPrice;
    private final Duration interval;

    private final Map<TaskKind, BigDecimal[]> apiCosts = new EnumMap<>(TaskKind.class); // kind -> {sum, count}
    private final NavigableMap<Long, BigDecimal> closedWindows = new TreeMap<>();
    private long window;
    private int paidInWindow;
    private Balance last;
    private Instant lastAskedAt;
    private boolean asking;
    private boolean firstAnswered;
    private boolean wanted;

    Spending(Billing billing, Optional<BigDecimal> userPrice) {
        this.billing = billing;
        this.userPrice = userPrice;
        this.interval = billing.balanceInterval();
    }

    // ---- paid submits and their answers ----

    /** A submit was paid now: counts it in the open window and returns that window, to stamp on the solve. */
    synchronized long paid() {
        paidInWindow++;
        return window;
    }

    /**
     * The cost of an answered paid submit: the API's price when it sent a readable one, else the balance's share of
     * the submit's window (or the newest), else the given price; null when nothing is known.
     *
     * @param apiPrice the price the answer carried, as the provider wrote it, or null
     * @param paidIn   the window the submit was paid in, or -1 when it was paid before this process knew of it
     */
    synchronized Cost answered(TaskKind kind, String apiPrice, long paidIn) {
        BigDecimal fromApi = amount(apiPrice);
        if (fromApi != null) {
            BigDecimal[] sum = apiCosts.computeIfAbsent(kind, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            sum[0] = sum[0].add(fromApi);
            sum[1] = sum[1].add(BigDecimal.ONE);
            return new Cost(fromApi, Cost.API);
        }
        BigDecimal share = paidIn >= 0 ? closedWindows.get(paidIn) : null;
        if (share == null && !closedWindows.isEmpty()) {
            share = closedWindows.lastEntry().getValue();
        }
        return share != null ? new Cost(share, Cost.BALANCE) : given(kind).orElse(null);
    }

    /** The cost of a paid submit whose answer was an error: nothing for a refunded unsolvable answer, else an estimate. */
    synchronized Cost failed(TaskKind kind, String code, long paidIn) {
        if (billing.refundsUnsolvable() && "ERROR_CAPTCHA_UNSOLVABLE".equals(code)) {
            return new Cost(BigDecimal.ZERO, Cost.REFUNDED);
        }
        return answered(kind, null, paidIn);
    }

    /** What one paid submit of this kind costs now, best estimate first. */
    synchronized Optional<Cost> price(TaskKind kind) {
        BigDecimal[] sum = apiCosts.get(kind);
        if (sum != null) {
            return Optional.of(new Cost(sum[0].divide(sum[1], PRECISION), Cost.API));
        }
        if (!closedWindows.isEmpty()) {
            return Optional.of(new Cost(closedWindows.lastEntry().getValue(), Cost.BALANCE));
        }
        return given(kind);
    }

    private Optional<Cost> given(TaskKind kind) {
        Optional<BigDecimal> p = userPrice.or(() -> billing.price(kind));
        return p.map(amount -> new Cost(amount, Cost.PRICE));
    }

    // ---- the balance ----

    /** The process has work for the solver: the first balance is wanted now (not before: an idle worker asks nothing). */
    synchronized void want() {
        wanted = true;
    }

    /**
     * Whether the balance should be asked for now: first of all, then once an interval has passed with submits paid.
     * Never with a zero interval (the balance is not asked for at all: costs come from the API or the given price).
     */
    synchronized boolean balanceDue(Instant now) {
        if (asking || !wanted || interval.isZero()) {
            return false;
        }
        if (lastAskedAt == null) {
            return true;
        }
        return paidInWindow > 0 && !now.isBefore(lastAskedAt.plus(interval));
    }

    /** The balance request goes out now. */
    synchronized void asking(Instant now) {
        asking = true;
        lastAskedAt = now;
    }

    /** The balance answered: the window closes with its share, and the next one opens. */
    synchronized void balance(BigDecimal amount, Instant at) {
        asking = false;
        firstAnswered = true;
        if (last != null && paidInWindow > 0) {
            BigDecimal drop = last.amount().subtract(amount);
            if (drop.signum() >= 0) {
                closedWindows.put(window, drop.divide(BigDecimal.valueOf(paidInWindow), PRECISION));
                while (closedWindows.size() > WINDOWS_KEPT) {
                    closedWindows.pollFirstEntry();
                }
            }
        }
        last = new Balance(amount, at);
        window++;
        paidInWindow = 0;
    }

    /** The balance request failed: the window stays open and the next request waits its interval. */
    synchronized void balanceFailed() {
        asking = false;
        firstAnswered = true;
    }

    /**
     * Whether submits must wait for the first balance: only where the API gives no price, so that the first window
     * has a balance before its submits (a capped batch learns its price from it).
     */
    synchronized boolean holdsSubmits(boolean apiGivesPrice) {
        return !apiGivesPrice && !firstAnswered && !interval.isZero();
    }

    /**
     * Whether a submit paid in window {@code w} will be priced by the next balance: its window is the open one (so
     * the next balance is due within an interval) and the window has a balance to start from.
     */
    synchronized boolean pricedByNextBalance(long w) {
        return !interval.isZero() && w == window && last != null;
    }

    synchronized Optional<Balance> lastBalance() {
        return Optional.ofNullable(last);
    }

    private static BigDecimal amount(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            BigDecimal a = new BigDecimal(text.strip());
            return a.signum() < 0 ? null : a;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
