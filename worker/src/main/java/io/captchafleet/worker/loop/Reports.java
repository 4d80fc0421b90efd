package io.captchafleet.worker.loop;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskKind;
import io.captchafleet.common.model.Verdict;
import io.captchafleet.common.serde.RecordFormatException;
import io.captchafleet.common.serde.VerdictCodec;
import io.captchafleet.worker.loop.partitions.OffsetTracker;
import io.captchafleet.worker.loop.partitions.OwnedPartition;
import io.captchafleet.worker.loop.partitions.PartitionBook;
import io.captchafleet.worker.loop.partitions.ReportStage;
import io.captchafleet.worker.loop.partitions.TaskState;
import io.captchafleet.worker.loop.tx.Transactions;
import io.captchafleet.worker.metrics.WorkerMetrics;
import io.captchafleet.worker.solver.Solver;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the verdicts on solved answers to the provider, once per task. A verdict record (verdicts topic,
 * partition p, which this worker owns with results partition p) is judged against the results table: an
 * unknown or unsolved task, or one reported before (or being reported), is passed over. Otherwise the
 * task's outcome is read back ({@link OutcomeLookups}), and a report past the provider's window is recorded
 * {@code too_late} without a request. Else the outcome is first committed with {@code report_result:
 * sending} (with the verdict's offset), and only then is the provider called; its answer is committed as
 * the outcome's {@code report_result} with {@code reported_at}.
 *
 * <p>So no crash or rebalance makes a second report: a worker that finds a report {@code sending} with no
 * request of its own (a former owner's, which stopped between the commit and the answer's commit) records
 * it {@code unconfirmed} and sends nothing. What such a crash costs is that report's answer (the provider
 * may or may not have taken it), never a second report. Confined to the loop thread; the solver's answers
 * come in through a queue.
 */
final class Reports {
    private static final Logger log = LoggerFactory.getLogger(Reports.class);
    static final String TOO_LATE = "too_late";
    static final String UNCONFIRMED = "unconfirmed";

    /** A verdict being handled here: waiting for its outcome's offset, its outcome, or the provider's answer. */
    private static final class Report {
        final String taskId;
        final int partition;
        final Verdict.Kind verdict;
        TopicPartition source;
        long sourceOffset;
        Outcome sending;

        Report(String taskId, int partition, Verdict.Kind verdict, TopicPartition source, long sourceOffset) {
            this.taskId = taskId;
            this.partition = partition;
            this.verdict = verdict;
            this.source = source;
            this.sourceOffset = sourceOffset;
        }
    }

    private record Answered(Report report, String result, Instant at) {
    }

    private final org.apache.kafka.clients.consumer.Consumer<?, ?> consumer;
    private final PartitionBook partitions;
    private final Transactions tx;
    private final OutcomeWriter writer;
    private final OutcomeLookups lookups;
    private final Solver solver;
    private final WorkerMetrics metrics;
    private final Clock clock;
    private final String worker;
    private final Map<String, Report> inProgress = new HashMap<>();
    private final Queue<Answered> answers = new ConcurrentLinkedQueue<>();

    Reports(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, PartitionBook partitions, Transactions tx,
            OutcomeWriter writer, OutcomeLookups lookups, Solver solver, WorkerMetrics metrics, Clock clock, String worker) {
        this.consumer = consumer;
        this.partitions = partitions;
        this.tx = tx;
        this.writer = writer;
        this.lookups = lookups;
        this.solver = solver;
        this.metrics = metrics;
        this.clock = clock;
        this.worker = worker;
    }

    /** A verdict record; records of a partition not ready are left to read again, like task records. */
    Intake.Flow accept(ConsumerRecord<byte[], byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        OwnedPartition part = partitions.get(r.partition());
        if (part == null) {
            return Intake.Flow.STOP_PARTITION;
        }
        OffsetTracker tracker = part.tracker(tp);
        if (!part.ready()) {
            consumer.seek(tp, r.offset()); // judged only once its results partition is read
            tracker.rewindTo(r.offset());
            return Intake.Flow.STOP_PARTITION;
        }
        Verdict v;
        try {
            v = VerdictCodec.read(r.value());
            String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
            if (!v.taskId().equals(key)) {
                throw new RecordFormatException("verdict: key \"" + key + "\" does not match field \"task_id\" \"" + v.taskId() + "\"");
            }
        } catch (RecordFormatException e) {
            log.warn("Dead-lettering unreadable verdict {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            tx.write(writer.deadLetter(r, e.getMessage()));
            metrics.deadLettered();
            tracker.pass(r.offset());
            return Intake.Flow.CONTINUE;
        }
        tracker.start(r.offset());
        if (inProgress.containsKey(v.taskId())) {
            pass(tracker, r.offset(), v, "duplicate", "a report of it is under way");
            return Intake.Flow.CONTINUE;
        }
        Report report = new Report(v.taskId(), r.partition(), v.verdict(), tp, r.offset());
        inProgress.put(v.taskId(), report);
        consider(report);
        return Intake.Flow.CONTINUE;
    }

    /** One step: verdicts waiting for their outcome's offset look again, outcomes read back are used, answers recorded. */
    void turn() {
        for (Report report : List.copyOf(inProgress.values())) {
            if (report.sending == null && report.source != null && !awaitingLookup.containsKey(report.taskId)) {
                consider(report);
            }
        }
        lookups.poll();
        Answered a;
        while ((a = answers.poll()) != null) {
            answered(a);
        }
    }

    /** Reports being handled here (verdicts judged and not yet recorded as over). */
    int inProgress() {
        return inProgress.size();
    }

    /** A partition moved away: its verdicts are its next owner's (a report already sending is recorded unconfirmed there). */
    void dropPartition(int p) {
        inProgress.values().removeIf(r -> r.partition == p);
        awaitingLookup.values().removeIf(partition -> partition == p);
        lookups.drop(p);
    }

    /** The restore found these outcomes with a report on its way: a former owner's, which never heard the answer. */
    void restored(OwnedPartition part, Iterable<Outcome> sending) {
        sending.forEach(o -> sawSending(part, o));
    }

    /** An outcome with a report on its way was read: unless it is this worker's own, its sender stopped. */
    void sawSending(OwnedPartition part, Outcome o) {
        TaskState known = part.known(o.taskId());
        if (inProgress.containsKey(o.taskId()) || known == null || known.report() != ReportStage.SENDING) {
            return; // our own, or already over (the table knows a later state)
        }
        log.warn("Task {}: a report ({}) was on its way when its worker stopped; it is recorded unconfirmed, never sent again",
                o.taskId(), o.report());
        Outcome over = o.toBuilder().worker(worker).report(o.report(), null, UNCONFIRMED).build();
        write(part.number(), over);
        metrics.verdict(UNCONFIRMED);
    }

    // ---- one verdict ----

    /** Tasks whose outcome is being read back, by task id, with their partition. */
    private final Map<String, Integer> awaitingLookup = new HashMap<>();

    private void consider(Report report) {
        OwnedPartition part = partitions.get(report.partition);
        if (part == null) {
            inProgress.remove(report.taskId);
            return;
        }
        OffsetTracker tracker = part.tracker(report.source);
        TaskState known = part.known(report.taskId);
        if (known == null) {
            end(report, tracker, "unknown_task", "no task with this id in the results");
        } else if (known.status() != OutcomeStatus.SOLVED) {
            end(report, tracker, "not_solved", "the task is " + known.status().wire() + ", not solved");
        } else if (known.report() != ReportStage.NONE) {
            end(report, tracker, "duplicate", "its answer was reported before");
        } else if (known.outcomeOffset() >= 0) {
            awaitingLookup.put(report.taskId, report.partition);
            lookups.find(report.partition, known.outcomeOffset(), found -> read(report, found));
        }
        // else: its solved outcome is this worker's own, not read back yet: the next turn looks again
    }

    private void read(Report report, Optional<Outcome> found) {
        awaitingLookup.remove(report.taskId);
        if (inProgress.get(report.taskId) != report) {
            return; // its partition moved away meanwhile
        }
        OwnedPartition part = partitions.get(report.partition);
        Outcome o = found.orElse(null);
        if (o == null || !o.taskId().equals(report.taskId) || o.status() != OutcomeStatus.SOLVED || o.report() != null) {
            consider(report); // a newer outcome took its place: judge again on the table as it is now
            return;
        }
        OffsetTracker tracker = part.tracker(report.source);
        String verdict = report.verdict.wire();
        if (tooLate(o)) {
            log.info("Task {}: verdict {} not reported: past the provider's report window after the answer at {}", o.taskId(),
                    verdict, o.solvedAt());
            tracker.finish(report.sourceOffset);
            report.source = null;
            write(report.partition, o.toBuilder().worker(worker).report(verdict, null, TOO_LATE).build(),
                    () -> inProgress.remove(report.taskId, report));
            metrics.verdict(TOO_LATE);
            return;
        }
        Outcome sending = o.toBuilder().worker(worker).report(verdict, null, ReportStage.SENDING_RESULT).build();
        report.sending = sending;
        tracker.finish(report.sourceOffset);
        report.source = null;
        // The provider hears of it only once this is committed: a crash before then sends nothing, after it nothing again.
        write(report.partition, sending, () -> send(report));
    }

    private boolean tooLate(Outcome o) {
        return solver.reportWindow().isPresent() && o.solvedAt() != null
                && clock.instant().isAfter(o.solvedAt().plus(solver.reportWindow().get()));
    }

    private void send(Report report) {
        if (inProgress.get(report.taskId) != report) {
            return;
        }
        Outcome o = report.sending;
        solver.report(o.solverTaskId(), TaskKind.of(o.taskData()), report.verdict == Verdict.Kind.GOOD)
                .whenComplete((result, error) -> answers.add(new Answered(report,
                        result != null ? result : "NOT_SENT: " + error, clock.instant().truncatedTo(ChronoUnit.MILLIS))));
    }

    private void answered(Answered a) {
        Report report = a.report();
        if (inProgress.get(report.taskId) != report || partitions.get(report.partition) == null) {
            return; // its partition moved away: its next owner records it unconfirmed
        }
        log.info("Task {}: reported {} to the provider: {}", report.taskId, report.verdict.wire(), a.result());
        Outcome over = report.sending.toBuilder().report(report.verdict.wire(), a.at(), a.result()).build();
        write(report.partition, over, () -> inProgress.remove(report.taskId, report));
        metrics.verdict("reported");
    }

    private void end(Report report, OffsetTracker tracker, String result, String why) {
        inProgress.remove(report.taskId, report);
        pass(tracker, report.sourceOffset, null, result, why);
        log.info("Verdict {} for task {} not reported: {}", report.verdict.wire(), report.taskId, why);
    }

    private void pass(OffsetTracker tracker, long offset, Verdict v, String result, String why) {
        if (tracker != null) {
            tracker.finish(offset);
        }
        if (v != null) {
            log.info("Verdict {} for task {} not reported: {}", v.verdict().wire(), v.taskId(), why);
        }
        metrics.verdict(result);
    }

    private void write(int partition, Outcome o) {
        write(partition, o, () -> { });
    }

    /** The outcome goes in the next transaction; the table learns it (and {@code then} runs) once that commits. */
    private void write(int partition, Outcome o, Runnable then) {
        tx.write(writer.result(o, partition));
        TaskState state = TaskState.of(o);
        tx.afterCommit(partition, () -> {
            OwnedPartition part = partitions.get(partition);
            if (part != null) {
                part.advance(o.taskId(), state);
            }
            then.run();
        });
    }
}
