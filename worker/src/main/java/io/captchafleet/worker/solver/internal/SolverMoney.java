package io.captchafleet.worker.solver.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.captchafleet.common.errors.Classification;
import io.captchafleet.common.errors.Phase;
import io.captchafleet.common.model.TaskKind;
import io.captchafleet.common.provider.Billing;
import io.captchafleet.common.provider.Protocol;
import io.captchafleet.worker.solver.Balance;
import io.captchafleet.worker.solver.Cost;
import io.captchafleet.worker.solver.SolveResult;
import io.captchafleet.worker.solver.SolverSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's money: asks for the balance when {@link Spending} says it is due, prices every paid submit's
 * answer (holding the first answers of a process priced by the balance until their window closes), and sends
 * reports with the profile's call. Runs on the engine's scheduler thread, like the engine; {@link #report},
 * {@link #price}, {@link #lastBalance} and {@link #reportWindow} may be called from any thread.
 */
final class SolverMoney {
    private static final Logger LOG = LoggerFactory.getLogger(SolverMoney.class);
    /** Answers held for their price at most: the first window's, a few, never thousands. */
    private static final int MAX_AWAITING_PRICE = 1_000;

    private final SolverApi api;
    private final Spending spending;
    private final SolverMetrics metrics;
    private final SolverEngine engine;
    private final Billing billing;
    private final Clock clock;
    /** Whether answers carry their price (JSON cost, get2): then submits need not wait for a first balance. */
    private final boolean apiGivesPrice;
    /** Answers held until the balance prices their window: nothing at all was known of prices when they came. */
    private final List<Runnable> awaitingPrice = new ArrayList<>(); // scheduler thread only

    SolverMoney(SolverSettings settings, SolverApi api, Spending spending, SolverMetrics metrics, SolverEngine engine) {
        this.api = api;
        this.spending = spending;
        this.metrics = metrics;
        this.engine = engine;
        this.billing = settings.profile().billing();
        this.clock = settings.clock();
        this.apiGivesPrice = settings.profile().protocol() == Protocol.JSON || settings.pollsWithPrice();
    }

    /** The process has work for the solver: the first balance may be asked for. */
    void want() {
        spending.want();
    }

    /** Where answers carry no price, the first submits wait for a first balance. */
    boolean holdsSubmits() {
        return spending.holdsSubmits(apiGivesPrice);
    }

    /** A submit was paid now: the balance window it counts in. */
    long paid() {
        return spending.paid();
    }

    /** Asks for the balance when it is due (never more often than the profile allows, only while paying). */
    void askBalanceIfDue() {
        Instant now = clock.instant();
        if (!spending.balanceDue(now)) {
            return;
        }
        spending.asking(now);
        long epoch = engine.epoch();
        api.balance().whenComplete((a, error) -> engine.run(() -> balanceAnswered(a != null ? a : engine.unexpected(error), epoch)));
    }

    private void balanceAnswered(Answer answer, long epochAtSend) {
        metrics.request("balance", answer.resultLabel());
        BigDecimal amount = null;
        if (answer instanceof Answer.Ok) {
            try {
                amount = new BigDecimal(((Answer.Ok) answer).value().strip());
            } catch (NumberFormatException e) {
                LOG.warn("The balance answer is not an amount: \"{}\"", ((Answer.Ok) answer).value());
            }
        } else {
            Classification c = engine.classify(answer, Phase.POLL);
            engine.react(c, null, epochAtSend);
            // One failed read among many: the next one is due within the interval, and nothing is for the user to do.
            LOG.info("The balance could not be read: {} ({}); costs are estimated without it for now", c.code(),
                    SolverEngine.detail(answer));
        }
        if (amount != null) {
            spending.balance(amount, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        } else {
            spending.balanceFailed();
        }
        List<Runnable> priced = List.copyOf(awaitingPrice);
        awaitingPrice.clear();
        priced.forEach(Runnable::run);
        engine.pump();
    }

    /**
     * Prices an answered paid submit and hands the cost to {@code then}: at once, or, for the first answers of a
     * process priced by the balance, once the balance closes their window (one interval at most).
     */
    void solved(SolveTask task, String apiPrice, Consumer<Cost> then) {
        TaskKind kind = task.request.kind();
        Cost cost = spending.answered(kind, apiPrice, task.window);
        if (cost == null && spending.pricedByNextBalance(task.window) && awaitingPrice.size() < MAX_AWAITING_PRICE) {
            engine.stopPolling(task); // answered: never polled again
            awaitingPrice.add(() -> priced(kind, spending.answered(kind, null, task.window), then));
            return;
        }
        priced(kind, cost, then);
    }

    private void priced(TaskKind kind, Cost cost, Consumer<Cost> then) {
        metrics.spent(kind, cost);
        then.accept(cost);
    }

    /**
     * A failure while polling a paid submit carries what that submit cost. Not a fatal one: the fleet halts and the
     * same paid submit is polled again after the RESUME.
     */
    SolveResult.Failed withCost(SolveTask task, SolveResult.Failed f) {
        if (f.phase() != Phase.POLL || task.solverId == null || f.error().category().fatal()) {
            return f;
        }
        TaskKind kind = task.request.kind();
        Cost cost = spending.failed(kind, f.error().code(), task.window);
        metrics.spent(kind, cost);
        return f.withCost(cost);
    }

    CompletableFuture<String> report(String solverId, TaskKind kind, boolean good) {
        Optional<String> call = billing.reportCall(good, kind);
        if (call.isEmpty()) {
            return CompletableFuture.completedFuture("not_supported");
        }
        long epoch = engine.epoch();
        return api.report(solverId, call.get())
                .thenApplyAsync(answer -> reportResult(answer, epoch), engine.scheduler())
                .exceptionally(e -> "NOT_SENT: the solver is closing");
    }

    /** What a report came to, for the outcome: the provider's answer, its error code, or the failure below the API. */
    private String reportResult(Answer answer, long epochAtSend) {
        metrics.request("report", answer.resultLabel());
        if (answer instanceof Answer.Ok) {
            return ((Answer.Ok) answer).value();
        }
        Classification c = engine.classify(answer, Phase.POLL);
        engine.react(c, null, epochAtSend);
        return c.code();
    }

    Optional<Cost> price(TaskKind kind) {
        return spending.price(kind);
    }

    Optional<Balance> lastBalance() {
        return spending.lastBalance();
    }

    Optional<Duration> reportWindow() {
        return billing.reportWindowLength();
    }
}
