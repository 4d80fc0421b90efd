package io.captchafleet.worker.solver.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.captchafleet.common.errors.Classification;
import io.captchafleet.common.errors.ErrorAction;
import io.captchafleet.common.errors.ErrorClassifier;
import io.captchafleet.common.errors.Phase;
import io.captchafleet.worker.solver.SolveResult;
import io.captchafleet.worker.solver.SolverSettings;

/**
 * The one poll schedule of the process. A paid task is first polled after its kind's first-poll
 * delay (the profile's, or later as {@link FirstPolls} learned), then every interval; a failed request is asked again
 * after about a second (once in a row); due ids go out together, as many per request as the protocol allows, and
 * ids due within the next tick ride along (never before their first-poll delay). The poll budget is made
 * to last until the per-attempt time-out: at the interval while fewer than half of it is used, then the
 * rest spread evenly over the time left. Out of time or budget, the solve fails with {@code TIMEOUT}.
 * A failed poll request means polling the same ids again later, never a new submit. With callbacks on, a
 * solve whose submit registered one is first polled only after its expected solve time plus the grace: a
 * callback normally ends it before ({@link #callback}), and a lost one costs that delay, never the task.
 *
 * <p>Not thread-safe: used only on the engine's scheduler thread.
 */
final class PollScheduler {
    private static final String NOT_READY = "CAPCHA_NOT_READY"; // sic: the protocol's spelling
    /** How long a callback for an id not held waits for it. */
    static final Duration EARLY_WAIT = Duration.ofSeconds(10);
    /** The most callbacks that wait for their ids; the oldest go first. */
    private static final int MAX_EARLY = 20_000;
    /** A failed poll request is asked again after about this long (once in a row). */
    static final Duration SHORT_RETRY = Duration.ofSeconds(1);

    private final SolverSettings settings;
    private final SolverApi api;
    private final ErrorClassifier classifier;
    private final SolverMetrics metrics;
    private final SolverEngine engine;
    private final Clock clock;
    private final Map<SolveTask, Boolean> tasks = new LinkedHashMap<>();
    private final FirstPolls firstPolls;
    /** The same tasks by solver id, for the provider's callbacks. */
    private final Map<String, SolveTask> bySolverId = new HashMap<>();
    /**
     * Callbacks for ids not held (yet): a provider may call back before the submit's own reply has been
     * read, so a callback waits here a while for its id. Most are other processes' ids, or duplicates.
     */
    private final LinkedHashMap<String, Early> early = new LinkedHashMap<>();

    /** A callback that came before its solve was held here. */
    private record Early(String code, Instant at) {
    }

    private int requestsOnWire;
    /** An account-wide ban answered to a poll holds every poll until it ends. */
    private Instant pausedUntil = Instant.MIN;

    PollScheduler(SolverSettings settings, SolverApi api, ErrorClassifier classifier, SolverMetrics metrics, SolverEngine engine) {
        this.settings = settings;
        this.api = api;
        this.classifier = classifier;
        this.metrics = metrics;
        this.engine = engine;
        this.clock = settings.clock();
        this.firstPolls = new FirstPolls(settings.attemptTimeout());
    }

    /** Starts polling a paid task (its solver id and submit time set). */
    void add(SolveTask task) {
        if (task.cancelled() || task.finished) {
            return;
        }
        Instant now = clock.instant();
        task.deadline = task.submittedAt.plus(settings.attemptTimeout());
        Instant first = task.submittedAt.plus(firstPolls.delay(task.request.kind(), settings.firstPollDelay(task.request.kind())));
        if (task.callbackExpected) {
            // The kind's first poll (learned, or the profile's) is when its answer is expected; the callback gets the grace on top.
            first = first.plus(settings.pingback().map(p -> p.grace()).orElse(Duration.ZERO));
        }
        task.nextPollAt = first.isAfter(now) ? first : now;
        tasks.put(task, Boolean.TRUE);
        bySolverId.put(task.solverId, task);
        Early callback = early.remove(task.solverId);
        if (callback != null) {
            apply(task, callback.code(), now);
            return;
        }
        dispatch(false);
    }

    void remove(SolveTask task) {
        tasks.remove(task);
        bySolverId.remove(task.solverId, task);
    }

    /**
     * A provider's callback for {@code solverId}: a token completes the solve as a poll answer would; anything
     * else (an error code) makes it due for a poll now, so that only our own request decides a failure. A
     * callback for an id not held waits {@link #EARLY_WAIT} for it (its submit's reply may not be read yet),
     * then counts as {@code not_held}: another process's id, or a solve that has ended (a duplicate). Never
     * submits anything.
     */
    void callback(String solverId, String code) {
        SolveTask task = bySolverId.get(solverId);
        Instant now = clock.instant();
        if (task == null || task.finished || task.cancelled()) {
            early.put(solverId, new Early(code, now));
            if (early.size() > MAX_EARLY) {
                early.remove(early.keySet().iterator().next());
                metrics.pingback("not_held");
            }
            return;
        }
        apply(task, code, now);
    }

    private void apply(SolveTask task, String code, Instant now) {
        if (code != null && !code.isBlank() && !LegacyAnswer.isErrorCode(code) && !NOT_READY.equals(code)) {
            metrics.pingback("solved");
            engine.solved(task, code, null, now); // what it cost: learned as for a polled answer
            return;
        }
        metrics.pingback("poll_now");
        task.nextPollAt = now;
        dispatch(true);
    }

    /** Callbacks that waited long enough for an id that never came are another process's, or duplicates. */
    private void expireEarly(Instant now) {
        Instant limit = now.minus(EARLY_WAIT);
        var it = early.values().iterator();
        while (it.hasNext() && it.next().at().isBefore(limit)) {
            it.remove();
            metrics.pingback("not_held");
        }
    }

    int size() {
        return tasks.size();
    }

    /**
     * Times out what is overdue and sends the due polls, within the bound on concurrent requests. Between
     * ticks ({@code tick} false) only full requests go, so ids that fall due one by one wait for the tick
     * and share a request instead of costing one each.
     */
    void dispatch(boolean tick) {
        Instant now = clock.instant();
        if (tick) {
            expireEarly(now);
        }
        if (now.isBefore(pausedUntil)) {
            return;
        }
        Instant window = now.plus(settings.schedulerTick());
        List<SolveTask> due = new ArrayList<>();
        for (SolveTask task : List.copyOf(tasks.keySet())) {
            if (task.pollOnWire) {
                continue;
            }
            if (task.cancelled()) {
                remove(task);
            } else if (!now.isBefore(task.deadline) && !task.firstPoll) {
                // Only after one poll: a task resumed late may still have its answer waiting.
                timeOut(task);
            } else if (!task.nextPollAt.isAfter(task.firstPoll ? now : window)) {
                due.add(task);
            }
        }
        due.sort(Comparator.comparing((SolveTask t) -> t.nextPollAt));
        int chunk = api.maxIdsPerPoll();
        for (int from = 0; from < due.size() && requestsOnWire < settings.maxConcurrentPolls(); from += chunk) {
            int to = Math.min(due.size(), from + chunk);
            if (!tick && to - from < chunk) {
                break;
            }
            send(due.subList(from, to));
        }
    }

    private void send(List<SolveTask> batch) {
        List<SolveTask> asked = List.copyOf(batch);
        List<String> ids = new ArrayList<>(asked.size());
        Instant now = clock.instant();
        for (SolveTask task : asked) {
            task.lastPollSentAt = now;
            task.pollOnWire = true;
            task.firstPoll = false;
            task.pollsUsed++; // the provider counts the request whether or not we can read its answer
            ids.add(task.solverId);
        }
        requestsOnWire++;
        long epoch = engine.epoch();
        api.poll(ids).whenComplete((reply, error) -> engine.run(() -> answered(asked, epoch,
                reply != null ? reply : PollReply.failed(asked.size(), engine.unexpected(error)))));
    }

    private void answered(List<SolveTask> asked, long epochAtSend, PollReply reply) {
        requestsOnWire--;
        metrics.request("poll", reply.resultLabel());
        Classification requestError = null;
        if (reply.requestError() != null && !(reply.requestError() instanceof Answer.NotReady)) {
            requestError = engine.classify(reply.requestError(), Phase.POLL);
            engine.react(requestError, null, epochAtSend);
            holdIfAccountWide(requestError);
        }
        Duration shortRetry = shortRetry();
        for (int i = 0; i < asked.size(); i++) {
            SolveTask task = asked.get(i);
            task.pollOnWire = false;
            if (task.finished || task.cancelled()) {
                continue;
            }
            Answer answer = reply.perId().get(i);
            Classification c = requestError;
            if (c == null && !(answer instanceof Answer.Ok) && !(answer instanceof Answer.NotReady)) {
                c = engine.classify(answer, Phase.POLL);
                engine.react(c, task, epochAtSend);
                holdIfAccountWide(c);
            }
            apply(task, answer, c, shortRetry);
        }
        dispatch(false);
    }

    private void apply(SolveTask task, Answer answer, Classification error, Duration shortRetry) {
        Instant now = clock.instant();
        if (answer instanceof Answer.Ok) {
            Answer.Ok ok = (Answer.Ok) answer;
            if (task.paid) { // its own submit: the first poll came at the time this process chose
                firstPolls.answered(task.request.kind(),
                        task.lastNotReadyAt == null ? Duration.ZERO : Duration.between(task.submittedAt, task.lastNotReadyAt));
            }
            engine.solved(task, ok.value(), ok.cost(), now);
        } else if (error != null && error.action() != ErrorAction.POLL_AGAIN) {
            engine.finish(task, new SolveResult.Failed(error, Phase.POLL, task.solverId, task.submittedAt, task.paid, false,
                    SolverEngine.detail(answer)));
        } else if (task.pollsUsed >= settings.pollBudget()) {
            timeOut(task);
        } else {
            Instant next = next(task, now);
            if (error == null) {
                task.lastNotReadyAt = task.lastPollSentAt;
            } else if (!error.waitFor().isZero()) {
                if (next.isBefore(now.plus(error.waitFor()))) {
                    next = now.plus(error.waitFor());
                }
            } else if (!task.lastPollFailed && now.plus(shortRetry).isBefore(next)) {
                // A poll request that failed (HTTP 5xx, garbage, a cut connection) is asked again after about a
                // second, not a whole interval later; once only: while polls keep failing they keep the cadence.
                next = now.plus(shortRetry);
            }
            task.lastPollFailed = error != null;
            task.nextPollAt = next;
        }
    }

    /** About a second, spread by a quarter either way; one draw per poll request, so its ids stay together. */
    private static Duration shortRetry() {
        return Duration.ofMillis(Math.round(SHORT_RETRY.toMillis() * (0.75 + 0.5 * ThreadLocalRandom.current().nextDouble())));
    }

    /**
     * At the interval while less than half the budget is used, then the remaining polls spread over the
     * time left. The interval counts from when the poll was due, not from its answer: counted from the
     * answer, every poll would slip by its round trip and the wait for a tick, and an answer ready just
     * after a poll would wait longer than one interval. A poll that went out late (the concurrency cap,
     * a hold) is never followed sooner than an interval less one tick, so ids do not bunch up.
     */
    private Instant next(SolveTask task, Instant now) {
        Duration interval = settings.pollInterval();
        int budget = settings.pollBudget();
        if (task.pollsUsed * 2 < budget) {
            Instant onCadence = task.nextPollAt.plus(interval);
            Instant soonest = task.lastPollSentAt.plus(interval).minus(settings.schedulerTick());
            return onCadence.isAfter(soonest) ? onCadence : soonest;
        }
        Duration left = Duration.between(now, task.deadline);
        Duration spread = left.dividedBy(budget - task.pollsUsed);
        return now.plus(spread.compareTo(interval) > 0 ? spread : interval);
    }

    private void holdIfAccountWide(Classification c) {
        if (c.accountWide() && !c.waitFor().isZero()) {
            Instant until = clock.instant().plus(c.waitFor());
            if (until.isAfter(pausedUntil)) {
                pausedUntil = until;
            }
        }
    }

    private void timeOut(SolveTask task) {
        Classification c = classifier.classify("TIMEOUT", Phase.POLL);
        metrics.error(c);
        engine.finish(task, new SolveResult.Failed(c, Phase.POLL, task.solverId, task.submittedAt, task.paid, false,
                "no answer within " + DurationText.of(settings.attemptTimeout()) + " after " + task.pollsUsed + " polls"));
    }
}
