package io.captchafleet.worker.loop;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Set;

import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.serde.RecordFormatException;
import io.captchafleet.common.serde.TaskCodec;
import io.captchafleet.worker.metrics.WorkerMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges each record from the tasks topic and the retry tiers: unreadable records become dead letters,
 * retry records that are not due yet are sought back and their partition paused, and readable ones pass
 * the idempotence rule — admitted, resumed (polled), skipped, or held back while the same task is
 * already in flight here. At {@code --max-in-flight} the loop stops reading (seek back, pause).
 * Confined to the worker loop thread.
 */
final class InputHandler {
    private static final Logger log = LoggerFactory.getLogger(InputHandler.class);

    /** What the loop does with the rest of a partition's records in this poll. */
    enum Flow {
        CONTINUE,
        /** The loop sought back: skip the partition's remaining records of this poll. */
        STOP_PARTITION
    }

    private final LoopState state;
    private final OutcomeWriter writer;
    private final Set<String> retryTopics;
    private final int maxInFlight;
    private final int maxPaidSubmits;
    private final Clock clock;
    private final WorkerMetrics metrics;
    private final TaskStarter starter;

    /** Hands admitted tasks on: into the submit queue, to the solver for polling, or straight to failure. */
    interface TaskStarter {
        void submit(InFlightTask task);

        void resumePolling(InFlightTask task);

        void failAtCap(InFlightTask task);
    }

    InputHandler(LoopState state, OutcomeWriter writer, Set<String> retryTopics, int maxInFlight, int maxPaidSubmits,
                 Clock clock, WorkerMetrics metrics, TaskStarter starter) {
        this.state = state;
        this.writer = writer;
        this.retryTopics = retryTopics;
        this.maxInFlight = maxInFlight;
        this.maxPaidSubmits = maxPaidSubmits;
        this.clock = clock;
        this.metrics = metrics;
        this.starter = starter;
    }

    Flow handle(ConsumerRecord<byte[], byte[]> r, Consumer<?, ?> consumer) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        OffsetTracker tracker = state.trackers.get(tp);
        if (tracker == null) {
            return Flow.STOP_PARTITION; // not (or no longer) ours
        }
        if (state.restoring.containsKey(r.partition())) {
            seekBack(consumer, tp, tracker, r.offset()); // judged only once its results partition is read
            return Flow.STOP_PARTITION;
        }
        if (state.inFlight.size() >= maxInFlight) {
            seekBack(consumer, tp, tracker, r.offset());
            state.pauses.addAll(state.trackers.keySet(), PauseReason.BACK_PRESSURE);
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
            state.pending.add(writer.deadLetter(r, e.getMessage(), clock.instant()));
            metrics.deadLettered();
            tracker.pass(r.offset());
            return Flow.CONTINUE;
        }
        if (retryTopics.contains(r.topic()) && task.notBefore() > clock.millis()) {
            seekBack(consumer, tp, tracker, r.offset());
            state.pauses.notDueUntil(tp, task.notBefore());
            return Flow.STOP_PARTITION;
        }
        tracker.start(r.offset());
        judge(new LoopState.Waiting(tp, r.offset(), task));
        return Flow.CONTINUE;
    }

    /**
     * Applies the idempotence rule to a record whose offset is already started; used for fresh records
     * and for ones that waited behind the same task.
     */
    void judge(LoopState.Waiting w) {
        TaskRecord task = w.task();
        OffsetTracker tracker = state.trackers.get(w.source());
        if (tracker == null) {
            return;
        }
        if (state.inFlight.containsKey(task.taskId())) {
            state.waiting.computeIfAbsent(task.taskId(), id -> new ArrayList<>()).add(w);
            return;
        }
        TaskState known = state.table.get(w.source().partition(), task.taskId());
        switch (Decision.of(known, task.generation(), task.attempt())) {
            case SKIP:
                metrics.skipped(known == null ? "unknown" : known.status().wire());
                tracker.finish(w.offset());
                return;
            case RESUME_POLLING: {
                InFlightTask t = admit(w, known.paidSubmits());
                t.solverId = known.solverId();
                t.submittedAt = known.submittedAt();
                starter.resumePolling(t);
                return;
            }
            default: {
                int paid = task.paidSubmits();
                if (known != null && known.generation() == task.generation()) {
                    paid = Math.max(paid, known.paidSubmits());
                }
                InFlightTask t = admit(w, paid);
                if (paid >= maxPaidSubmits) {
                    starter.failAtCap(t);
                } else {
                    starter.submit(t);
                }
            }
        }
    }

    private InFlightTask admit(LoopState.Waiting w, int paidSubmits) {
        InFlightTask t = new InFlightTask(w.task(), w.source(), w.offset(), paidSubmits);
        state.inFlight.put(t.taskId(), t);
        return t;
    }

    private static void seekBack(Consumer<?, ?> consumer, TopicPartition tp, OffsetTracker tracker, long offset) {
        consumer.seek(tp, offset);
        tracker.rewindTo(offset);
    }
}
