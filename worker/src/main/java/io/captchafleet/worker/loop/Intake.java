package io.captchafleet.worker.loop;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;

import io.captchafleet.common.errors.ErrorClassifier;
import io.captchafleet.common.errors.Phase;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.serde.RecordFormatException;
import io.captchafleet.common.serde.TaskCodec;
import io.captchafleet.worker.loop.partitions.OffsetTracker;
import io.captchafleet.worker.loop.partitions.OwnedPartition;
import io.captchafleet.worker.loop.partitions.PartitionBook;
import io.captchafleet.worker.loop.partitions.PauseReason;
import io.captchafleet.worker.loop.partitions.TaskState;
import io.captchafleet.worker.loop.tasks.Decision;
import io.captchafleet.worker.loop.tasks.InputRecord;
import io.captchafleet.worker.loop.tasks.Stage;
import io.captchafleet.worker.loop.tasks.Task;
import io.captchafleet.worker.loop.tasks.TaskBook;
import io.captchafleet.worker.loop.tx.Transactions;
import io.captchafleet.worker.metrics.WorkerMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges each record from the tasks topic and the retry tiers: unreadable records become dead letters,
 * retry records that are not due yet are sought back and their partition paused, and readable ones pass
 * the idempotence rule — submitted, polled (paid already), skipped, joined to the resumed task they
 * belong to, or held back while the same task is in flight here. Records of a partition that is not
 * ready are sought back; records read at {@code --max-in-flight} held tasks wait in the task book, in the order read,
 * and are judged as slots free up while the inputs stay paused (one in for one out: never sought back).
 * A record of a purged batch is skipped; one of a cancelled batch that would be submitted ends {@code CANCELLED}.
 * A task of a batch at its spend cap is held back ({@link SpendCaps}: its lowest held offset stays unfinished and
 * the batch's records are read again from there when it opens), at admission and again when it would be
 * submitted. Confined to the worker loop thread.
 */
final class Intake {
    private static final Logger log = LoggerFactory.getLogger(Intake.class);

    /** What the loop does with the rest of a partition's records in this poll. */
    enum Flow {
        CONTINUE,
        /** The loop sought back: skip the partition's remaining records of this poll. */
        STOP_PARTITION
    }

    /** The limits admission keeps. */
    record Limits(int maxInFlight, int maxPaidSubmits, Set<String> retryTopics) {
    }

    private final Consumer<?, ?> consumer;
    private final TaskBook book;
    private final PartitionBook partitions;
    private final Transactions tx;
    private final OutcomeWriter writer;
    private final SolverCalls calls;
    private final Completions completions;
    private final ErrorClassifier classifier;
    private final Limits limits;
    private final BatchLife batches;
    private final SpendCaps caps;
    private final WorkerMetrics metrics;
    private final Clock clock;

    Intake(Consumer<?, ?> consumer, TaskBook book, PartitionBook partitions, Transactions tx, OutcomeWriter writer,
           SolverCalls calls, Completions completions, ErrorClassifier classifier, Limits limits, BatchLife batches,
           SpendCaps caps,
           WorkerMetrics metrics, Clock clock) {
        this.consumer = consumer;
        this.book = book;
        this.partitions = partitions;
        this.tx = tx;
        this.writer = writer;
        this.calls = calls;
        this.completions = completions;
        this.classifier = classifier;
        this.limits = limits;
        this.batches = batches;
        this.caps = caps;
        this.metrics = metrics;
        this.clock = clock;
    }

    Flow handle(ConsumerRecord<byte[], byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        OwnedPartition part = partitions.get(r.partition());
        if (part == null) {
            return Flow.STOP_PARTITION; // not (or no longer) ours
        }
        OffsetTracker tracker = part.tracker(tp);
        if (!part.ready()) {
            seekBack(tp, tracker, r.offset()); // judged only once its results partition is read
            return Flow.STOP_PARTITION;
        }
        TaskRecord task;
        try {
            task = TaskCodec.read(r.value());
            String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
            if (!task.taskId().equals(key)) {
                throw new RecordFormatException("task record: key \"" + key + "\" does not match field \"task_id\" \""
                        + task.taskId() + "\"");
            }
        } catch (RecordFormatException e) {
            log.warn("Dead-lettering unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            tx.write(writer.deadLetter(r, e.getMessage()));
            metrics.deadLettered();
            tracker.pass(r.offset());
            return Flow.CONTINUE;
        }
        // A retry of a cancelled or purged batch ends without a submit: it need not wait for its time.
        if (limits.retryTopics().contains(r.topic()) && task.notBefore() > clock.millis() && !batches.endsWithoutSubmit(task)) {
            seekBack(tp, tracker, r.offset());
            partitions.pauses().notDueUntil(tp, task.notBefore());
            return Flow.STOP_PARTITION;
        }
        tracker.start(r.offset());
        InputRecord in = new InputRecord(tp, r.offset(), task);
        if (book.admissionWaiting() || book.slotsTaken() >= limits.maxInFlight()) {
            // At the cap the record is kept, not sought back: it is judged as soon as a slot is free, and the inputs
            // pause meanwhile (see admitWaiting), so what one poll returned is never fetched twice.
            book.holdForAdmission(in);
            return Flow.CONTINUE;
        }
        judge(in);
        return Flow.CONTINUE;
    }

    /**
     * Judges the records held at the cap, oldest first, while fewer than {@code --max-in-flight} tasks are held; then
     * pauses every input while records still wait or the cap is reached (nothing more is fetched), and resumes them
     * once neither is so. One in for one out: no margin to refill at, and no record fetched twice. A task awaiting its
     * input record takes no slot ({@link TaskBook#slotsTaken}), so its record is read and judged even at the cap.
     */
    void admitWaiting() {
        while (book.admissionWaiting() && book.slotsTaken() < limits.maxInFlight()) {
            judge(book.nextAdmission());
        }
        if (book.admissionWaiting() || book.slotsTaken() >= limits.maxInFlight()) {
            partitions.pauses().addAll(partitions.inputs(), PauseReason.BACK_PRESSURE);
        } else {
            partitions.pauses().removeEverywhere(PauseReason.BACK_PRESSURE);
        }
    }

    /**
     * Applies the idempotence rule to a record whose offset is already started; used for fresh records and
     * for ones that waited behind the same task.
     */
    void judge(InputRecord in) {
        OwnedPartition part = partitions.get(in.source().partition());
        if (part == null) {
            return; // the partition moved away meanwhile
        }
        TaskRecord task = in.task();
        if (batches.purged(task.batch())) {
            metrics.skipped("purged"); // its outcomes are deleted: nothing of it is written again
            part.tracker(in.source()).finish(in.offset());
            return;
        }
        caps.learn(task, in.source().partition());
        Task held = book.get(task.taskId());
        if (held != null) {
            if (book.attachInput(held, in)) {
                if (held.stage() == Stage.AWAITING_INPUT) {
                    completions.inputArrived(held);
                }
            } else {
                book.waitBehind(in);
            }
            return;
        }
        TaskState known = part.known(task.taskId());
        switch (Decision.of(known, task.generation(), task.attempt())) {
            case SKIP:
                metrics.skipped(known == null ? "unknown" : known.status().wire());
                part.tracker(in.source()).finish(in.offset());
                return;
            case RESUME_POLLING:
                calls.poll(book.admitPaid(in, known));
                return;
            default:
                int paid = task.paidSubmits();
                if (known != null && known.generation() == task.generation()) {
                    paid = Math.max(paid, known.paidSubmits());
                }
                if (batches.cancels(task)) {
                    completions.cancel(book.admitToFail(in, paid));
                } else if (paid >= limits.maxPaidSubmits()) {
                    completions.fail(book.admitToFail(in, paid), classifier.classify(
                            task.lastError() == null ? "MAX_PAID_SUBMITS" : task.lastError(), Phase.SUBMIT),
                            paid + " paid submits reached --max-paid-submits");
                } else {
                    admit(in, paid);
                }
        }
    }

    /** A task to submit: queued, with a share of its batch's spend cap when it has one, or held at the cap. */
    private void admit(InputRecord in, int paid) {
        switch (caps.admit(in.task(), in.source().partition())) {
            case HOLD:
                caps.hold(in);
                return;
            case RESERVE:
                book.reserve(book.queueForSubmit(in, paid));
                return;
            default:
                book.queueForSubmit(in, paid);
        }
    }

    /**
     * A queued task is about to be submitted: true when it may go; false when its batch has no room under its spend
     * cap now, and then it has left the book and its record is held (the records that waited behind it are judged).
     */
    boolean mayGo(Task t) {
        if (caps.mayGo(t)) {
            return true;
        }
        InputRecord in = t.input().orElseThrow();
        book.defer(t).forEach(this::judge);
        caps.hold(in);
        return false;
    }

    private void seekBack(TopicPartition tp, OffsetTracker tracker, long offset) {
        consumer.seek(tp, offset);
        tracker.rewindTo(offset);
    }
}
