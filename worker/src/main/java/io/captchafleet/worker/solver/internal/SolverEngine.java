package io.captchafleet.worker.solver.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.captchafleet.common.errors.Classification;
import io.captchafleet.common.errors.ErrorClassifier;
import io.captchafleet.common.errors.Phase;
import io.captchafleet.common.errors.TransportFailure;
import io.captchafleet.common.model.TaskKind;
import io.captchafleet.worker.solver.Balance;
import io.captchafleet.worker.solver.Cost;
import io.captchafleet.worker.solver.FleetHalt;
import io.captchafleet.worker.solver.SolveHandle;
import io.captchafleet.worker.solver.SolveListener;
import io.captchafleet.worker.solver.SolveRequest;
import io.captchafleet.worker.solver.SolveResult;
import io.captchafleet.worker.solver.Solver;
import io.captchafleet.worker.solver.SolverCallException;
import io.captchafleet.worker.solver.SolverSettings;
import io.captchafleet.worker.solver.SubmitGate;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Solver}: queues submits behind the {@link SubmitLimiter}, sends them, tells the listener
 * about paid submits at once, hands paid tasks to the {@link PollScheduler}, and reacts to errors
 * (metrics, account-wide bans, halting the gate before any listener hears of a fatal answer).
 *
 * <p>Threading: public methods may be called from any thread and return at once. All state changes
 * and every listener call happen on the single scheduler thread; HTTP threads only parse answers.
 */
public final class SolverEngine implements Solver {
    private static final Logger LOG = LoggerFactory.getLogger(SolverEngine.class);

    private final SolverSettings settings;
    private final Clock clock;
    private final SolverApi api;
    private final ErrorClassifier classifier;
    private final FleetHalt halt;
    private final AccountGate gate;
    private final SubmitLimiter<SolveTask> limiter;
    private final SolverMetrics metrics;
    private final PollScheduler polls;
    private final SolverMoney money;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService httpExecutor;
    private final ScheduledFuture<?> ticker;
    private volatile boolean closed;
    private ScheduledFuture<?> wake; // scheduler thread only
    private Instant wakeAt; // scheduler thread only

    SolverEngine(SolverSettings settings, SolverApi api, MeterRegistry registry, FleetHalt halt, Threads threads) {
        this.settings = settings;
        this.clock = settings.clock();
        this.api = api;
        this.classifier = settings.profile().classifier();
        this.halt = halt;
        this.gate = new AccountGate(clock, halt);
        this.limiter = new SubmitLimiter<>(clock, gate, settings.maxConcurrentSubmits(), settings.submitsPerSecond(), SolveTask::cancelled);
        Spending spending = new Spending(settings.profile().billing(), settings.price());
        this.metrics = new SolverMetrics(registry, limiter, gate, settings.profile().name(), spending);
        this.money = new SolverMoney(settings, api, spending, metrics, this);
        this.scheduler = threads.scheduler();
        this.httpExecutor = threads.http();
        this.polls = new PollScheduler(settings, api, classifier, this.metrics, this);
        gate.onChange(() -> run(this::pump));
        long tick = settings.schedulerTick().toNanos();
        this.ticker = scheduler.scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.NANOSECONDS);
    }

    /** The two thread pools: the scheduler (one thread) and the HTTP client's executor. */
    record Threads(ScheduledExecutorService scheduler, ExecutorService http) {
    }

    @Override
    public SolveHandle solve(SolveRequest request, SolveListener listener) {
        SolveTask task = new SolveTask(request, listener, this);
        run(() -> {
            money.want();
            limiter.enqueue(task);
            pump();
        });
        return task;
    }

    @Override
    public SolveHandle resume(SolveRequest request, String solverId, Instant submittedAt, SolveListener listener) {
        SolveTask task = new SolveTask(request, listener, this);
        task.solverId = solverId;
        task.submittedAt = submittedAt;
        // Submitted with the fleet's callback URL (by this worker or another): its callback reaches every worker
        // through the pingbacks topic, so it is awaited here too, polled only after the grace like any other.
        task.callbackExpected = settings.pingback().isPresent();
        run(() -> {
            money.want();
            polls.add(task);
        });
        return task;
    }

    @Override
    public void callback(String solverId, String code) {
        // Provider text, like a poll answer: cleaned of the key and the pingback secret before anything reads it.
        String id = settings.apiKey().scrub(solverId);
        String answer = settings.apiKey().scrub(code);
        run(() -> polls.callback(id, answer));
    }

    @Override
    public CompletableFuture<BigDecimal> balance() {
        long epoch = halt.epoch();
        return api.balance().thenApplyAsync(answer -> {
            String value = valueOf(answer, "balance", "balance", epoch);
            try {
                return new BigDecimal(value.strip());
            } catch (NumberFormatException e) {
                // The value came in through ProviderText: the key is already masked in it.
                throw new SolverCallException("balance: the API answered \"" + value + "\", not an amount",
                        classifier.classify(TransportFailure.BAD_RESPONSE, Phase.POLL, Duration.ZERO));
            }
        }, scheduler);
    }

    @Override
    public CompletableFuture<String> report(String solverId, TaskKind kind, boolean good) {
        return money.report(solverId, kind, good);
    }

    @Override
    public Optional<Cost> price(TaskKind kind) {
        return money.price(kind);
    }

    @Override
    public Optional<Balance> lastBalance() {
        return money.lastBalance();
    }

    @Override
    public Optional<Duration> reportWindow() {
        return money.reportWindow();
    }

    /** The value of a balance or report answer, or a {@link SolverCallException} after the usual reaction to the error. */
    private String valueOf(Answer answer, String call, String endpoint, long epochAtSend) {
        metrics.request(endpoint, answer.resultLabel());
        if (answer instanceof Answer.Ok) {
            return ((Answer.Ok) answer).value();
        }
        Classification c = classify(answer, Phase.POLL);
        react(c, null, epochAtSend);
        throw new SolverCallException(call + ": " + c.code() + " (" + detail(answer) + ")", c);
    }

    @Override
    public SubmitGate gate() {
        return gate;
    }

    @Override
    public int concurrencyLimit() {
        return limiter.concurrencyLimit();
    }

    /** The scheduler thread's executor, for work that must run there and may find it closed. */
    java.util.concurrent.Executor scheduler() {
        return scheduler;
    }

    /** An answered task is polled no more (its result is held for a moment before it is delivered). */
    void stopPolling(SolveTask task) {
        polls.remove(task);
    }

    /** The halt epoch to stamp on a request sent now. */
    long epoch() {
        return halt.epoch();
    }

    /** When the next queued submit may go as far as time decides; see {@link SubmitLimiter#nextSubmitAt()}. */
    public Optional<Instant> nextSubmitAt() {
        return limiter.nextSubmitAt();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ticker.cancel(false);
        scheduler.shutdownNow();
        httpExecutor.shutdownNow();
        try {
            if (!scheduler.awaitTermination(5, TimeUnit.SECONDS) || !httpExecutor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Solver threads did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- scheduler thread from here on ----

    /** Runs {@code action} on the scheduler thread; dropped once the solver is closed. */
    void run(Runnable action) {
        if (closed) {
            return;
        }
        try {
            scheduler.execute(() -> guarded(action));
        } catch (RejectedExecutionException e) {
            LOG.debug("Solver closed: dropped a scheduled action");
        }
    }

    private void guarded(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.error("Solver scheduler step failed", e);
        }
    }

    private void tick() {
        guarded(() -> {
            pump();
            polls.dispatch(true);
        });
    }

    void forget(SolveTask task) {
        run(() -> polls.remove(task));
    }

    /**
     * Ends queued submits while halted, sends those the limiter lets go, and wakes up when the next may go. Where
     * the API gives no price, the first submits wait for the first balance, so the first window has one.
     */
    void pump() {
        for (SolveTask task : limiter.drainIfHalted()) {
            finish(task, new SolveResult.NotSubmitted("the fleet is " + halt.reason().orElse("halted")));
        }
        money.askBalanceIfDue();
        if (money.holdsSubmits()) {
            return; // the balance's answer pumps again
        }
        for (SolveTask task : limiter.takeReady()) {
            send(task);
        }
        if (limiter.queued() > 0) {
            limiter.nextSubmitAt().ifPresent(this::wakeAt);
        }
    }

    /** A precise wake-up for the rate limiter and ban ends; the periodic tick is the safety net. */
    private void wakeAt(Instant at) {
        if (wake != null && !wake.isDone() && wakeAt != null && !wakeAt.isAfter(at)) {
            return;
        }
        if (wake != null) {
            wake.cancel(false);
        }
        long delay = Math.max(0, Duration.between(clock.instant(), at).toNanos());
        wakeAt = at;
        wake = scheduler.schedule(() -> guarded(this::pump), delay, TimeUnit.NANOSECONDS);
    }

    private void send(SolveTask task) {
        if (task.cancelled()) {
            limiter.finished(SubmitLimiter.Return.OTHER);
            return;
        }
        CompletableFuture<Answer> answer;
        task.epochAtSend = halt.epoch();
        try {
            answer = api.submit(task.request.taskData());
        } catch (UnsupportedTaskException e) {
            limiter.finished(SubmitLimiter.Return.OTHER);
            Classification c = classifier.classify("ERROR_TASK_NOT_SUPPORTED", Phase.SUBMIT);
            finish(task, new SolveResult.Failed(c, Phase.SUBMIT, null, null, false, false, e.getMessage()));
            return;
        }
        answer.whenComplete((a, error) -> run(() -> submitted(task, a != null ? a : unexpected(error))));
    }

    private void submitted(SolveTask task, Answer answer) {
        metrics.request("submit", answer.resultLabel());
        if (answer instanceof Answer.Ok) {
            limiter.finished(SubmitLimiter.Return.ACCEPTED);
            metrics.paidSubmit();
            task.paid = true;
            task.window = money.paid();
            task.solverId = ((Answer.Ok) answer).value();
            task.submittedAt = clock.instant();
            if (!task.cancelled()) {
                // First of all: the worker records in_flight with this id, so a crash costs a poll, not a payment.
                notify(task, () -> task.listener.onPaid(task.request, task.solverId, task.submittedAt));
                LOG.debug("Task {} submitted as {}", task.request.taskId(), task.solverId);
                Answer.Ok ok = (Answer.Ok) answer;
                task.callbackExpected = settings.pingback().isPresent();
                if (ok.solution() != null) {
                    solved(task, ok.solution(), ok.cost(), task.submittedAt);
                } else {
                    polls.add(task);
                }
            }
        } else {
            Classification c = classify(answer, Phase.SUBMIT);
            boolean ambiguous = answer instanceof Answer.TransportError && ((Answer.TransportError) answer).ambiguous();
            limiter.finished(c.pushBack() ? SubmitLimiter.Return.PUSHED_BACK : SubmitLimiter.Return.OTHER);
            if (ambiguous) {
                metrics.ambiguousSubmit();
            }
            react(c, task, task.epochAtSend);
            finish(task, new SolveResult.Failed(c, Phase.SUBMIT, null, null, false, ambiguous, detail(answer)));
        }
        pump();
    }

    /** A failure the protocol code did not turn into an answer (a bug): still a typed, transient error. */
    Answer.TransportError unexpected(Throwable error) {
        // No stack trace: its messages never went through ProviderText, so they are masked here, where they come in.
        String what = error == null ? "no answer" : settings.apiKey().scrub(error.getClass().getSimpleName() + ": " + error.getMessage());
        LOG.error("Solver request failed unexpectedly: {}", what);
        return new Answer.TransportError(TransportFailure.BAD_RESPONSE, 0, "unexpected failure (" + what + ")", Duration.ZERO, false);
    }

    Classification classify(Answer answer, Phase phase) {
        if (answer instanceof Answer.ApiError) {
            return classifier.classify(((Answer.ApiError) answer).code(), phase);
        }
        Answer.TransportError t = (Answer.TransportError) answer;
        return classifier.classify(t.failure(), phase, t.retryAfter());
    }

    static String detail(Answer answer) {
        if (answer instanceof Answer.ApiError) {
            return ((Answer.ApiError) answer).detail();
        }
        return answer instanceof Answer.TransportError ? ((Answer.TransportError) answer).detail() : answer.toString();
    }

    /**
     * Counts the error and applies its account-wide effect: a fatal one halts the fleet (unless the request
     * was sent before a RESUME that came since), a ban closes the gate for its wait.
     */
    void react(Classification c, SolveTask task, long epochAtSend) {
        metrics.error(c);
        String where = task == null ? "" : " for task " + task.request.taskId();
        if (c.category().fatal()) {
            LOG.error("Solver API answered {} ({}){}", c.code(), c.category().wire(), where);
            halt.fatal(c, epochAtSend, task == null ? null : task.request.taskId());
        } else if (c.accountWide() && !c.waitFor().isZero()) {
            gate.ban(c.waitFor());
            LOG.warn("Solver API answered {}{}: no submit for {} s", c.code(), where, c.waitFor().toSeconds());
        }
    }

    /** The provider answered a token: the solve ends with what its paid submit cost (held while that is being learned). */
    void solved(SolveTask task, String token, String apiPrice, Instant at) {
        if (task.finished) {
            return;
        }
        money.solved(task, apiPrice, cost -> finish(task, new SolveResult.Solved(task.solverId, token, cost, task.submittedAt, at)));
    }

    /** Ends a solve once; the listener hears of it unless the solve was cancelled. A paid one's failure carries its cost. */
    void finish(SolveTask task, SolveResult outcome) {
        if (task.finished) {
            return;
        }
        SolveResult result = outcome instanceof SolveResult.Failed ? money.withCost(task, (SolveResult.Failed) outcome) : outcome;
        task.finished = true;
        polls.remove(task);
        if (!task.cancelled()) {
            if (result instanceof SolveResult.Failed) {
                SolveResult.Failed f = (SolveResult.Failed) result;
                LOG.debug("Task {} failed on {}: {} ({}, {}): {}", task.request.taskId(), f.phase(), f.error().code(),
                        f.error().category().wire(), f.error().action(), f.detail());
            }
            notify(task, () -> task.listener.onDone(task.request, result));
        }
    }

    private static void notify(SolveTask task, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("Solve listener failed for task {}", task.request.taskId(), e);
        }
    }
}
