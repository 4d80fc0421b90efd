package io.captchafleet.worker.loop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.captchafleet.common.errors.Classification;
import io.captchafleet.common.errors.ErrorCategory;
import io.captchafleet.common.errors.Phase;
import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.model.FleetEventType;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.worker.metrics.WorkerMetrics;
import io.captchafleet.worker.retry.NextStep;
import io.captchafleet.worker.retry.RetryRouter;
import io.captchafleet.worker.solver.SolveResult;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the solver's events into the next transaction's records: {@code in_flight} as soon as a submit
 * is paid (the ledger), then the solved or failed outcome, or the next attempt in a retry tier with a
 * {@code retrying} outcome, or a kept task and a FATAL event when the error halts the fleet. The task
 * table and the in-flight set change only after the transaction commits. Confined to the loop thread.
 */
final class CompletionHandler {
    private static final Logger log = LoggerFactory.getLogger(CompletionHandler.class);

    private final LoopState state;
    private final OutcomeWriter writer;
    private final RetryRouter router;
    private final TopicLayout layout;
    private final Clock clock;
    private final WorkerMetrics metrics;
    private final String worker;
    private final FatalReporter fatalReporter;
    private final Rejudge rejudge;

    /** Publishes a FATAL fleet event (non-transactional). */
    interface FatalReporter {
        void report(FleetEvent event);
    }

    /** Judges a record again once the task it waited behind has finished. */
    interface Rejudge {
        void judge(LoopState.Waiting waiting);
    }

    CompletionHandler(LoopState state, OutcomeWriter writer, RetryRouter router, TopicLayout layout, Clock clock,
                      WorkerMetrics metrics, String worker, FatalReporter fatalReporter, Rejudge rejudge) {
        this.state = state;
        this.writer = writer;
        this.router = router;
        this.layout = layout;
        this.clock = clock;
        this.metrics = metrics;
        this.worker = worker;
        this.fatalReporter = fatalReporter;
        this.rejudge = rejudge;
    }

    /** One solver event; events of cancelled or replaced solves are ignored. */
    void handle(SolverEvents.Event e) {
        InFlightTask t = e.task();
        if (t.solveToken != e.solveToken() || state.inFlight.get(t.taskId()) != t) {
            return;
        }
        if (e.paid()) {
            paid(t, e.solverId(), e.submittedAt());
        } else {
            done(t, e.result());
        }
    }

    /** The ledger: record {@code in_flight} with the solver id in the next transaction. */
    private void paid(InFlightTask t, String solverId, Instant submittedAt) {
        t.paidSubmits++;
        t.solverId = solverId;
        t.submittedAt = submittedAt;
        t.stage = InFlightTask.Stage.POLLING;
        Outcome inFlight = writer.outcome(t.record, OutcomeStatus.IN_FLIGHT).paidSubmits(t.paidSubmits)
                .solverTaskId(solverId).submittedAt(submittedAt).build();
        state.pending.addPaidSubmit(writer.result(inFlight, t.partition()));
        state.pending.afterCommit(t.partition(), () -> {
            state.ledgerInUse--;
            state.table.advance(t.partition(), t.taskId(), TaskState.of(inFlight));
        });
    }

    private void done(InFlightTask t, SolveResult result) {
        t.handle = null;
        if (t.stage == InFlightTask.Stage.SUBMITTING) {
            state.ledgerInUse--; // the submit was not paid (or its fate is unknown and final): its slot is free
        }
        if (result instanceof SolveResult.Solved) {
            solved(t, (SolveResult.Solved) result);
        } else if (result instanceof SolveResult.Failed) {
            failed(t, (SolveResult.Failed) result);
        } else {
            // Never submitted (the fleet halted meanwhile): keep it for after the RESUME.
            t.stage = InFlightTask.Stage.QUEUED;
            state.submitQueue.addFirst(t);
        }
    }

    private void solved(InFlightTask t, SolveResult.Solved s) {
        Instant submittedAt = s.submittedAt() != null ? s.submittedAt() : t.submittedAt;
        Duration solveTime = submittedAt == null ? Duration.ZERO : Duration.between(submittedAt, s.solvedAt());
        Outcome.Builder b = writer.outcome(t.record, OutcomeStatus.SOLVED).paidSubmits(t.paidSubmits)
                .token(s.token()).cost(s.cost()).solverTaskId(s.solverId()).submittedAt(submittedAt).solvedAt(s.solvedAt())
                .solveTime(solveTime.toMillis() / 1000.0);
        t.request.kind().tokenLifetime().ifPresent(life -> b.expiresAt(s.solvedAt().plus(life)));
        metrics.solveTime(solveTime);
        finish(t, b.build(), List.of());
        metrics.finished("solved", null);
    }

    private void failed(InFlightTask t, SolveResult.Failed f) {
        if (f.ambiguous()) {
            t.paidSubmits++; // it may have been billed: count it against the cap
        }
        NextStep next = router.route(t.record, f.error(), t.paidSubmits, clock.instant());
        if (next instanceof NextStep.Halt) {
            halt(t, f);
        } else if (next instanceof NextStep.Resubmit) {
            log.info("Task {} (batch {}): the provider no longer knows solver id {}; submitting again ({} paid so far)",
                    t.taskId(), t.record.batch(), t.solverId, t.paidSubmits);
            t.stage = InFlightTask.Stage.QUEUED;
            t.solverId = null;
            state.submitQueue.addLast(t);
        } else if (next instanceof NextStep.RetryLater) {
            retryLater(t, f.error(), (NextStep.RetryLater) next);
        } else {
            NextStep.Fail fail = (NextStep.Fail) next;
            fail(t, fail.error(), fail.reason());
        }
    }

    private void retryLater(InFlightTask t, Classification error, NextStep.RetryLater r) {
        String tierTopic = layout.retry(r.tier());
        Outcome retrying = writer.outcome(t.record, OutcomeStatus.RETRYING).attempt(r.next().attempt())
                .paidSubmits(t.paidSubmits).error(error.code(), error.category().wire()).solverTaskId(t.solverId)
                .submittedAt(t.submittedAt).build();
        log.debug("Task {} (batch {}) attempt {} failed with {}: retry in tier {}", t.taskId(), t.record.batch(),
                t.record.attempt(), error.code(), r.tier().name());
        finish(t, retrying, List.of(writer.retry(r.next(), tierTopic, t.partition())));
        metrics.retried(r.tier().name());
    }

    /** Fails the task now (also used when a record arrives with its paid-submit cap already reached). */
    void fail(InFlightTask t, Classification error, String reason) {
        log.info("Task {} (batch {}) failed: {} ({})", t.taskId(), t.record.batch(), error.code(), reason);
        Outcome failed = writer.outcome(t.record, OutcomeStatus.FAILED).paidSubmits(t.paidSubmits)
                .error(error.code(), error.category().wire()).solverTaskId(t.solverId).submittedAt(t.submittedAt).build();
        finish(t, failed, List.of());
        metrics.finished("failed", error.category().wire());
    }

    /** A fatal answer: the solver has closed the gate; tell the fleet and keep the task for after the RESUME. */
    private void halt(InFlightTask t, SolveResult.Failed f) {
        Classification error = f.error();
        log.error("Fatal answer {} ({}) for task {} (batch {}): halting the fleet", error.code(), error.category().wire(),
                t.taskId(), t.record.batch());
        fatalReporter.report(new FleetEvent(FleetEventType.FATAL, error.code(),
                error.category() == ErrorCategory.BUDGET ? "the account's balance is used up: refill it, then run resume"
                        : "the account is misconfigured (" + error.code() + "): fix it, then run resume",
                t.taskId(), worker, clock.instant(), t.resumeOffsetAtSubmit));
        if (f.phase() == Phase.POLL && t.solverId != null) {
            t.stage = InFlightTask.Stage.POLLING;
            state.parkedPolls.add(t);
        } else {
            t.stage = InFlightTask.Stage.QUEUED;
            state.submitQueue.addFirst(t);
        }
    }

    private void finish(InFlightTask t, Outcome outcome, List<ProducerRecord<byte[], byte[]>> extra) {
        t.stage = InFlightTask.Stage.FINISHING;
        state.pending.add(writer.result(outcome, t.partition()));
        extra.forEach(state.pending::add);
        OffsetTracker tracker = t.source == null ? null : state.trackers.get(t.source);
        if (tracker != null) {
            tracker.finish(t.offset);
        }
        TaskState finalState = TaskState.of(outcome);
        state.pending.afterCommit(t.partition(), () -> {
            state.table.advance(t.partition(), t.taskId(), finalState);
            if (state.inFlight.remove(t.taskId(), t)) {
                List<LoopState.Waiting> held = state.waiting.remove(t.taskId());
                if (held != null) {
                    held.forEach(rejudge::judge);
                }
            }
        });
    }
}
