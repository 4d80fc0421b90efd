package io.captchafleet.sandbox.simulator.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import io.captchafleet.sandbox.simulator.Fault;
import io.captchafleet.sandbox.simulator.SimulatorSettings;

/**
 * The solver itself, the same for both protocols: bills or refuses submits, answers polls by
 * comparing the clock with each task's ready time, and keeps the counters exact. The protocol front
 * ends only translate parameters in and codes out. What changes money or answers is told to its
 * {@link Memory} as it happens, and {@link #restore} replays it after a restart. Thread-safe.
 */
final class SolverCore {
    private final Clock clock;
    private final int pollBudget;
    private final long ttlMillis;
    private final Account account;
    /** Empty when submits are not rate-limited. */
    private final Optional<SubmitRateLimiter> rateLimiter;
    private final TaskBook book;
    private final Counters counters;
    private final SolveDice solveDice;
    private final Memory memory;
    private final Money money;

    SolverCore(SimulatorSettings settings, Account account, TaskBook book, Counters counters, Memory memory) {
        this.clock = settings.clock();
        this.pollBudget = settings.pollBudget();
        this.ttlMillis = settings.resultTtl().map(Duration::toMillis).orElse(Long.MAX_VALUE);
        this.account = account;
        this.rateLimiter = settings.submitRateLimit().isPresent()
                ? Optional.of(new SubmitRateLimiter(clock, settings.submitRateLimit().getAsInt(), SimulatorSettings.SUBMIT_RATE_WINDOW))
                : Optional.empty();
        this.book = book;
        this.counters = counters;
        this.solveDice = new SolveDice(settings.seed(), settings.latency());
        this.memory = memory;
        this.money = new Money(settings.price());
    }

    /** What a billed submit costs and what the balance is worth. */
    Money money() {
        return money;
    }

    boolean keyAccepted(String key) {
        return account.accepts(key);
    }

    /**
     * Checks in the order a real service does (key, submit rate, the task's parameters, free slots,
     * balance, concurrency) and bills only a submit that passes them all.
     */
    SubmitOutcome submit(String key, SubmitRequest request, FaultDraw faults) {
        if (!account.accepts(key)) {
            return refuse(Refusal.WRONG_KEY, null);
        }
        if (rateLimiter.isPresent() && !rateLimiter.get().tryAdmit()) {
            return refuse(Refusal.SUBMIT_RATE, null);
        }
        if (!request.isValid()) {
            counters.rejectedSubmits.increment();
            return new SubmitOutcome.Refused(Refusal.INVALID_TASK, request.invalidCode());
        }
        TaskHistory history = book.history(request.identity(), () -> {
            counters.tasksSeen.increment();
            memory.seen(request.identity());
        });
        if (faults.has(Fault.NO_SLOT)) {
            counters.faultInjected(Fault.NO_SLOT);
            return refuse(Refusal.NO_SLOT, history);
        }
        SolveDice.Solve solve = solveDice.next();
        long now = clock.millis();
        long readyAt = now + solve.latency().toMillis();
        switch (account.admit(now, readyAt)) {
            case ZERO_BALANCE:
                return refuse(Refusal.ZERO_BALANCE, history);
            case NO_SLOT:
                return refuse(Refusal.NO_SLOT, history);
            default:
                break;
        }
        long id = book.nextId();
        Submission submission = new Submission(id, history, request.kind(), now, readyAt, faults.has(Fault.UNSOLVABLE),
                "SIMULATED." + id + "." + solve.tokenSuffix());
        // Under the history's lock, so the journal holds a task's submits in the order they were judged.
        synchronized (history) {
            bill(submission);
            memory.billed(submission);
        }
        return new SubmitOutcome.Accepted(submission);
    }

    private void bill(Submission submission) {
        if (submission.unsolvable()) {
            counters.faultInjected(Fault.UNSOLVABLE);
        }
        book.add(submission);
        counters.billed(submission.submittedAt(), submission.history().recordBilled(submission, submission.submittedAt(), ttlMillis));
    }

    private SubmitOutcome refuse(Refusal refusal, TaskHistory history) {
        counters.rejectedSubmits.increment();
        if (history != null) {
            history.countRejected();
        }
        return new SubmitOutcome.Refused(refusal, refusal.code());
    }

    /** Counts one HTTP request for results, however many ids it asks for. */
    void countResultRequest() {
        counters.resultRequests.increment();
    }

    /** The answer for one id; each call counts against that id's poll budget. */
    PollAnswer poll(String idText) {
        counters.idsPolled.increment();
        if (TaskBook.parseId(idText).isEmpty()) {
            return PollAnswer.of(PollState.MALFORMED_ID);
        }
        Optional<Submission> found = book.find(idText);
        if (found.isEmpty()) {
            return PollAnswer.of(PollState.UNKNOWN_ID);
        }
        Submission submission = found.get();
        TaskHistory history = submission.history();
        history.countPoll();
        if (submission.countPoll() > pollBudget) {
            counters.pollBudgetViolations.increment();
            return PollAnswer.of(PollState.OVER_BUDGET);
        }
        switch (submission.state(clock.millis(), ttlMillis)) {
            case PROCESSING:
                return PollAnswer.of(PollState.NOT_READY);
            case EXPIRED:
                return PollAnswer.of(PollState.UNKNOWN_ID);
            case UNSOLVABLE:
                return new PollAnswer(PollState.UNSOLVABLE, submission, () -> answered(submission));
            default:
                return new PollAnswer(PollState.SOLVED, submission, () -> answered(submission));
        }
    }

    /** A final answer is being sent (a poll's reply, or a callback the client accepted): an unsolvable one, or the token. */
    void answered(Submission submission) {
        deliver(submission);
        memory.answered(submission);
    }

    private void deliver(Submission submission) {
        TaskHistory history = submission.history();
        if (submission.unsolvable()) {
            history.countUnsolvableAnswer();
            counters.unsolvableAnswers.increment();
            return;
        }
        submission.markTokenDelivered();
        if (history.countTokenGiven()) {
            counters.solved.increment();
        }
    }

    /**
     * Applies one remembered entry the way it first happened, telling the memory nothing. Entries come
     * in journal order, before the first request is served.
     */
    void restore(JournalEntry entry) {
        switch (entry.event()) {
            case JournalEntry.SEEN:
                book.history(entry.identity(), counters.tasksSeen::increment);
                break;
            case JournalEntry.BILLED: {
                TaskHistory history = book.history(entry.identity(), counters.tasksSeen::increment);
                Submission s = new Submission(entry.id(), history, TaskKind.valueOf(entry.kind()), entry.submittedAt(),
                        entry.readyAt(), entry.unsolvable(), entry.token());
                account.restoreBilled(entry.readyAt());
                book.issuedBefore(s.id());
                bill(s);
                break;
            }
            case JournalEntry.ANSWERED:
                book.find(Long.toString(entry.id())).ifPresent(this::deliver);
                break;
            case JournalEntry.REFILLED:
                account.refill(entry.submits());
                break;
            case JournalEntry.REPORTED:
                book.find(Long.toString(entry.id())).ifPresent(s -> countReport(s, "good".equals(entry.verdict())));
                break;
            default:
                throw new IllegalArgumentException("unknown journal event \"" + entry.event() + "\"");
        }
    }

    /** The submission with this id, for reports and callbacks; empty when unknown. */
    Optional<Submission> find(String idText) {
        return book.find(idText);
    }

    /**
     * Records a report of the answer with this id as bad or good ({@code reportbad}, {@code reportIncorrect...});
     * empty, counting nothing, when the id is unknown.
     */
    Optional<Submission> report(String idText, boolean good) {
        Optional<Submission> found = book.find(idText);
        found.ifPresent(s -> {
            countReport(s, good);
            memory.reported(s, good);
        });
        return found;
    }

    private void countReport(Submission s, boolean good) {
        s.countReport(good);
        (good ? counters.goodReports : counters.badReports).increment();
    }

    /** Billable submits left, or null when unlimited. */
    Long balanceRemaining() {
        return account.balanceRemaining();
    }

    /** The balance in USD, as {@code getbalance} and {@code getBalance} answer it. */
    java.math.BigDecimal balanceUsd() {
        return money.balanceUsd(account.balanceRemaining(), counters.acceptedSubmits.sum());
    }
}
