package io.captchafleet.worker.loop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import io.captchafleet.common.errors.Classification;
import io.captchafleet.common.errors.ErrorAction;
import io.captchafleet.common.errors.ErrorCategory;
import io.captchafleet.common.errors.ErrorClassifier;
import io.captchafleet.common.errors.Phase;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.worker.loop.partitions.OffsetTracker;
import io.captchafleet.worker.loop.partitions.OwnedPartition;
import io.captchafleet.worker.loop.partitions.PartitionBook;
import io.captchafleet.worker.loop.partitions.TaskState;
import io.captchafleet.worker.loop.tasks.InputRecord;
import io.captchafleet.worker.loop.tasks.Stage;
import io.captchafleet.worker.loop.tasks.Task;
import io.captchafleet.worker.loop.tasks.TaskBook;
import io.captchafleet.worker.loop.tx.Transactions;
import io.captchafleet.worker.metrics.WorkerMetrics;
import io.captchafleet.worker.retry.NextStep;
import io.captchafleet.worker.retry.RetryRouter;
import io.captchafleet.worker.retry.Tried;
import io.captchafleet.worker.solver.SolveResult;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the solver's events into the next transaction's records: {@code in_flight} as soon as a submit
 * is paid (the ledger), then the solved or failed outcome, or the next attempt in a retry tier with a
 * {@code retrying} outcome. A fatal answer keeps the task (queued again, or parked if paid); the halt
 * itself is the process's halt state's business. A task of a cancelled batch whose next step would be a
 * submit ends {@code CANCELLED}; one of a purged batch leaves a tombstone. A task resumed from its outcome whose next step needs its
 * task data waits for its input record. The results table and the book change only after the
 * transaction commits. Confined to the loop thread.
 */
final class Completions {
    private static final Logger log = LoggerFactory.getLogger(Completions.class);

    private final TaskBook book;
    private final PartitionBook partitions;
    private final Transactions tx;
    private final OutcomeWriter writer;
    private final RetryRouter router;
    private final TopicLayout layout;
    private final WorkerMetrics metrics;
    private final Clock clock;
    private final BatchLife batches;
    private final Consumer<InputRecord> rejudge;

    /** {@code rejudge} judges a record again once the task it waited behind has finished. */
    Completions(TaskBook book, PartitionBook partitions, Transactions tx, OutcomeWriter writer, RetryRouter router,
                TopicLayout layout, WorkerMetrics metrics, Clock clock, BatchLife batches, Consumer<InputRecord> rejudge) {
        this.book = book;
        this.batches = batches;
        this.partitions = partitions;
        this.tx = tx;
        this.writer = writer;
        this.router = router;
        this.layout = layout;
        this.metrics = metrics;
        this.clock = clock;
        this.rejudge = rejudge;
    }

    /** One solver event; events of cancelled or replaced solves, and of tasks no longer held, are ignored. */
    void handle(SolverEvents.Event e) {
        Task t = e.task();
        if (book.get(t.taskId()) != t || !t.isCurrentSolve(e.solveToken())) {
            return;
        }
        if (e.paid()) {
            paid(t, e.solverId(), e.submittedAt());
        } else if (e.result() instanceof SolveResult.Solved) {
            solved(t, (SolveResult.Solved) e.result());
        } else if (e.result() instanceof SolveResult.Failed) {
            failed(t, (SolveResult.Failed) e.result());
        } else {
            book.requeueFirst(t); // never submitted (the fleet halted meanwhile): first in line after the RESUME
        }
    }

    /** A resumed task's input record has arrived: it goes on from the failure it held. */
    void inputArrived(Task t) {
        route(t, book.takeHeldFailure(t));
    }

    /** Fails the task now (a record that arrives with its paid-submit cap already reached). */
    void fail(Task t, Classification error, String reason) {
        log.info("Task {} (batch {}) failed: {} ({})", t.taskId(), t.forOutcome().batch(), error.code(), reason);
        end(t, error);
    }

    /** Ends a task of a cancelled batch that was to be submitted: failed with {@code CANCELLED}, nothing paid. */
    void cancel(Task t) {
        log.debug("Task {} (batch {}) cancelled before its submit", t.taskId(), t.forOutcome().batch());
        end(t, ErrorClassifier.cancelled());
    }

    /**
     * The task's batch was purged: its solve stops (a paid one's answer is dropped) and its key gets a
     * tombstone in the next transaction, so that nothing this worker wrote for it outlives the purge.
     */
    void discard(Task t) {
        if (t.stage() == Stage.POLLING || t.stage() == Stage.SUBMITTING) {
            log.warn("Task {} of purged batch {} was still {} here: stopped, its key deleted{}", t.taskId(),
                    t.forOutcome().batch(), t.stage() == Stage.POLLING ? "being polled" : "being submitted",
                    t.solverId() == null ? "" : " (solver id " + t.solverId() + " was paid for; its answer is dropped)");
        }
        book.withdraw(t);
        tx.write(writer.tombstone(t.taskId(), t.partition()));
        settle(t, part -> part.forget(t.taskId()));
    }

    private void end(Task t, Classification error) {
        Outcome failed = writer.outcome(t, OutcomeStatus.FAILED).error(error.code(), error.category().wire())
                .solverTaskId(t.solverId()).submittedAt(t.submittedAt()).build();
        finish(t, failed, List.of());
        metrics.finished("failed", error.category().wire());
    }

    /**
     * The ledger: record {@code in_flight} with the solver id in the next transaction. Once it commits, the results
     * table counts the paid submit in its batch's spend, and the task's share of a spend cap is let go.
     */
    private void paid(Task t, String solverId, Instant submittedAt) {
        book.paid(t, solverId, submittedAt);
        Outcome.Builder b = writer.outcome(t, OutcomeStatus.IN_FLIGHT).solverTaskId(solverId).submittedAt(submittedAt);
        if (t.taskErrorRetried() != null) {
            b.error(t.taskErrorRetried(), ErrorCategory.TASK.wire()); // this submit is the one more try the task error allows
        }
        Outcome inFlight = b.build();
        tx.writePaidSubmit(writer.result(inFlight, t.partition()));
        TaskState state = TaskState.of(inFlight);
        tx.afterCommit(t.partition(), () -> {
            advanceTable(t.partition(), t.taskId(), state);
            book.recorded(t);
        });
    }

    private void solved(Task t, SolveResult.Solved s) {
        book.addCost(t, s.cost());
        Instant submittedAt = s.submittedAt() != null ? s.submittedAt() : t.submittedAt();
        Duration solveTime = submittedAt == null ? Duration.ZERO : Duration.between(submittedAt, s.solvedAt());
        Outcome.Builder b = writer.outcome(t, OutcomeStatus.SOLVED).token(s.token()).solverTaskId(s.solverId())
                .submittedAt(submittedAt).solvedAt(s.solvedAt()).solveTime(solveTime.toMillis() / 1000.0);
        io.captchafleet.common.model.TaskKind.of(t.forOutcome().taskData()).tokenLifetime()
                .ifPresent(life -> b.expiresAt(s.solvedAt().plus(life)));
        metrics.solveTime(solveTime);
        finish(t, b.build(), List.of());
        metrics.finished("solved", null);
    }

    private void failed(Task t, SolveResult.Failed f) {
        book.addCost(t, f.cost()); // a paid submit that ended in an error (refunded, or an estimate)
        if (f.ambiguous()) {
            book.ambiguousSubmit(t); // it may have been billed: count it against the cap
        }
        if (f.error().action() == ErrorAction.HALT) {
            // The halt state has stopped the fleet already; the task is kept for after the RESUME.
            if (f.phase() == Phase.POLL && t.solverId() != null) {
                book.park(t);
            } else {
                book.requeueFirst(t);
            }
        } else if (t.input().isEmpty()) {
            log.debug("Task {}: {} while polling a resumed task; its next step waits for its input record", t.taskId(),
                    f.error().code());
            book.awaitInput(t, f);
        } else {
            route(t, f);
        }
    }

    /** The next step after a failure, for a task whose input record is here. */
    private void route(Task t, SolveResult.Failed f) {
        TaskRecord input = t.input().orElseThrow().task();
        NextStep next = router.route(input, f.error(),
                new Tried(t.paidSubmits(), t.shortRetryUsed(), t.taskErrorRetried() != null, f.ambiguous(), t.cost()), clock.instant());
        boolean submitsAgain = next instanceof NextStep.RetrySoon || next instanceof NextStep.Resubmit
                || next instanceof NextStep.RetryLater;
        if (submitsAgain && batches.cancels(input)) {
            cancel(t); // its next step is a submit, which its batch no longer gets
        } else if (next instanceof NextStep.RetrySoon) {
            retrySoon(t, (NextStep.RetrySoon) next);
        } else if (next instanceof NextStep.Resubmit) {
            log.info("Task {} (batch {}): the provider no longer knows solver id {}; submitting again ({} paid so far)",
                    t.taskId(), input.batch(), t.solverId(), t.paidSubmits());
            book.resubmit(t);
        } else if (next instanceof NextStep.RetryLater) {
            retryLater(t, f.error(), (NextStep.RetryLater) next);
        } else if (next instanceof NextStep.Fail) {
            NextStep.Fail fail = (NextStep.Fail) next;
            fail(t, fail.error(), fail.reason());
        } else {
            book.requeueFirst(t); // a halt met on the way: kept for after the RESUME
        }
    }

    /** Submitted again in this attempt after a short wait (or at once), without a retry record or an outcome. */
    private void retrySoon(Task t, NextStep.RetrySoon r) {
        Classification error = r.error();
        boolean taskError = error.category() == ErrorCategory.TASK;
        log.debug("Task {} attempt {} failed with {}: submitted again in {} ms", t.taskId(), t.forOutcome().attempt(), error.code(),
                r.delay().toMillis());
        book.retryAt(t, clock.millis() + r.delay().toMillis(), taskError ? error.code() : null);
        metrics.retried(taskError ? "at-once" : "short");
    }

    private void retryLater(Task t, Classification error, NextStep.RetryLater r) {
        String tierTopic = layout.retry(r.tier());
        Outcome retrying = writer.outcome(t, OutcomeStatus.RETRYING).attempt(r.next().attempt())
                .error(error.code(), error.category().wire()).solverTaskId(t.solverId()).submittedAt(t.submittedAt()).build();
        log.debug("Task {} attempt {} failed with {}: retry in tier {}", t.taskId(), t.forOutcome().attempt(), error.code(),
                r.tier().name());
        finish(t, retrying, List.of(writer.retry(r.next(), tierTopic, t.partition())));
        metrics.retried(r.tier().name());
    }

    private void finish(Task t, Outcome outcome, List<ProducerRecord<byte[], byte[]>> extra) {
        book.finishing(t);
        tx.write(writer.result(outcome, t.partition()));
        extra.forEach(tx::write);
        TaskState finalState = TaskState.of(outcome);
        settle(t, part -> part.advance(t.taskId(), finalState));
    }

    /** The task's input offset is done; once the transaction commits, {@code table} tells its partition and it leaves the book. */
    private void settle(Task t, Consumer<OwnedPartition> table) {
        t.input().ifPresent(in -> {
            OffsetTracker tracker = partitions.tracker(in.source());
            if (tracker != null) {
                tracker.finish(in.offset());
            }
        });
        tx.afterCommit(t.partition(), () -> {
            OwnedPartition part = partitions.get(t.partition());
            if (part != null) {
                table.accept(part);
            }
            book.finished(t).forEach(rejudge);
        });
    }

    private void advanceTable(int partition, String taskId, TaskState state) {
        OwnedPartition part = partitions.get(partition);
        if (part != null) {
            part.advance(taskId, state);
        }
    }
}
