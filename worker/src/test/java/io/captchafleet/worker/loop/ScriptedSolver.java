package io.captchafleet.worker.loop;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.captchafleet.common.errors.Classification;
import io.captchafleet.common.errors.Phase;
import io.captchafleet.common.model.TaskKind;
import io.captchafleet.worker.halt.HaltState;
import io.captchafleet.worker.solver.Balance;
import io.captchafleet.worker.solver.Cost;
import io.captchafleet.worker.solver.SolveHandle;
import io.captchafleet.worker.solver.SolveListener;
import io.captchafleet.worker.solver.SolveRequest;
import io.captchafleet.worker.solver.SolveResult;
import io.captchafleet.worker.solver.Solver;
import io.captchafleet.worker.solver.SubmitGate;

/**
 * A solver the test answers for: it records every submit and poll it is asked for, and the test says what
 * the provider answered. Like the real one, a fatal answer halts the process's halt state (stamped with
 * the epoch the request went out at) before the listener hears of it. Thread-safe.
 */
final class ScriptedSolver implements Solver {
    /** One request to the solver: a submit of the task's data, or a poll of a known solver id. */
    static final class Call implements SolveHandle {
        final boolean submit;
        final SolveRequest request;
        final String solverId;
        final SolveListener listener;
        final long epochAtSend;
        volatile boolean cancelled;

        Call(boolean submit, SolveRequest request, String solverId, SolveListener listener, long epochAtSend) {
            this.submit = submit;
            this.request = request;
            this.solverId = solverId;
            this.listener = listener;
            this.epochAtSend = epochAtSend;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    /** A report the worker asked for; the test answers it with {@link #answerReports}. */
    record ReportCall(String solverId, TaskKind kind, boolean good, CompletableFuture<String> answer) {
    }

    private final HaltState halt;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<ReportCall> reports = new CopyOnWriteArrayList<>();
    private volatile Cost price;
    private volatile Duration reportWindow;

    ScriptedSolver(HaltState halt) {
        this.halt = halt;
    }

    @Override
    public SolveHandle solve(SolveRequest request, SolveListener listener) {
        Call c = new Call(true, request, null, listener, halt.epoch());
        calls.add(c);
        return c;
    }

    @Override
    public SolveHandle resume(SolveRequest request, String solverId, Instant submittedAt, SolveListener listener) {
        Call c = new Call(false, request, solverId, listener, halt.epoch());
        calls.add(c);
        return c;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> submits(String taskId) {
        return calls.stream().filter(c -> c.submit && c.request.taskId().equals(taskId)).toList();
    }

    List<Call> polls(String taskId) {
        return calls.stream().filter(c -> !c.submit && c.request.taskId().equals(taskId)).toList();
    }

    /** The newest request for the task. */
    Call last(String taskId) {
        Call found = null;
        for (Call c : calls) {
            if (c.request.taskId().equals(taskId)) {
                found = c;
            }
        }
        if (found == null) {
            throw new AssertionError("the solver was never asked about " + taskId);
        }
        return found;
    }

    void paid(String taskId, String solverId, Instant at) {
        Call c = last(taskId);
        c.listener.onPaid(c.request, solverId, at);
    }

    void solved(String taskId, String token, Instant at) {
        solved(taskId, token, at, null);
    }

    /** The provider answered with a token; the solve cost {@code cost} (null: unknown). */
    void solved(String taskId, String token, Instant at, Cost cost) {
        Call c = last(taskId);
        String id = c.solverId != null ? c.solverId : "paid-" + taskId;
        c.listener.onDone(c.request, new SolveResult.Solved(id, token, cost, null, at));
    }

    /** What the solver estimates a paid submit costs from now on (null: nothing known). */
    void price(Cost estimate) {
        price = estimate;
    }

    /** The provider's report window from now on (null: none). */
    void reportWindow(Duration window) {
        reportWindow = window;
    }

    List<ReportCall> reports() {
        return List.copyOf(reports);
    }

    /** Answers every report asked for and not yet answered with {@code result}. */
    void answerReports(String result) {
        reports.forEach(r -> r.answer().complete(result));
    }

    void failed(String taskId, Classification error, Phase phase) {
        failed(taskId, error, phase, null);
    }

    /** The solve failed; a paid one's submit cost {@code cost} (null: unknown or not paid). */
    void failed(String taskId, Classification error, Phase phase, Cost cost) {
        Call c = last(taskId);
        if (error.category().fatal()) {
            halt.fatal(error, c.epochAtSend, taskId);
        }
        c.listener.onDone(c.request, new SolveResult.Failed(error, phase, c.solverId, null, !c.submit, false, "scripted", cost));
    }

    void notSubmitted(String taskId) {
        Call c = last(taskId);
        c.listener.onDone(c.request, new SolveResult.NotSubmitted("the fleet is halted"));
    }

    /** Callbacks are the real solver's business (its poll scheduler); the loop never calls this. */
    @Override
    public void callback(String solverId, String code) {
        throw new UnsupportedOperationException("callback");
    }

    @Override
    public CompletableFuture<BigDecimal> balance() {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("balance"));
    }

    @Override
    public CompletableFuture<String> report(String solverId, TaskKind kind, boolean good) {
        ReportCall call = new ReportCall(solverId, kind, good, new CompletableFuture<>());
        reports.add(call);
        return call.answer();
    }

    @Override
    public Optional<Cost> price(TaskKind kind) {
        return Optional.ofNullable(price);
    }

    @Override
    public Optional<Balance> lastBalance() {
        return Optional.empty();
    }

    @Override
    public Optional<Duration> reportWindow() {
        return Optional.ofNullable(reportWindow);
    }

    @Override
    public SubmitGate gate() {
        return new SubmitGate() {
            @Override
            public boolean halted() {
                return halt.halted();
            }

            @Override
            public boolean isOpen() {
                return !halt.halted();
            }

            @Override
            public Optional<Instant> bannedUntil() {
                return Optional.empty();
            }
        };
    }

    @Override
    public int concurrencyLimit() {
        return 1;
    }

    @Override
    public void close() {
    }
}
