package io.captchafleet.worker.loop;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.common.serde.RecordFormatException;
import io.captchafleet.common.topics.ResultHeaders;
import io.captchafleet.common.topics.TopicLayout;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the owned results partitions into the task table: first a restore from the beginning (the
 * partition's inputs stay paused until it reaches the end offset, which may lie past the last record
 * because of transaction markers), then a tail, so a former owner's late commit is seen. The tail
 * passes over this worker's own outcomes of tasks it is still working on by their header, undecoded.
 * Paid tasks found {@code in_flight} are polled again straight away. Confined to the worker loop thread.
 */
final class ResultsFollower {
    private static final Logger log = LoggerFactory.getLogger(ResultsFollower.class);

    private final LoopState state;
    private final TopicLayout layout;
    private final byte[] instanceIdBytes;
    private final StrandedSubmits stranded;
    private final java.util.function.Consumer<InFlightTask> startPolling;

    ResultsFollower(LoopState state, TopicLayout layout, String instanceId, StrandedSubmits stranded,
                    java.util.function.Consumer<InFlightTask> startPolling) {
        this.state = state;
        this.layout = layout;
        this.instanceIdBytes = instanceId.getBytes(StandardCharsets.UTF_8);
        this.stranded = stranded;
        this.startPolling = startPolling;
    }

    /**
     * A record of an owned results partition: a committed outcome, ours or another worker's. Paid tasks
     * found {@code in_flight} are polled at once (after the restore, or when a former owner's late commit
     * shows one), without waiting for their input record: that record may sit behind a halt or far back.
     */
    void accept(ConsumerRecord<byte[], byte[]> r) {
        int p = r.partition();
        if (!state.restoring.containsKey(p) && writtenHere(r) && state.inFlight.containsKey(taskId(r))) {
            return; // our own outcome of a task still being worked on here: nothing to learn from it
        }
        Outcome o;
        try {
            o = OutcomeCodec.read(r.value());
        } catch (RecordFormatException e) {
            log.warn("Ignoring unreadable outcome at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return;
        }
        state.table.advance(p, o.taskId(), TaskState.of(o));
        boolean inFlight = o.status() == OutcomeStatus.IN_FLIGHT;
        if (state.restoring.containsKey(p)) {
            Map<String, Outcome> seen = state.inFlightWhileRestoring.computeIfAbsent(p, k -> new HashMap<>());
            if (inFlight) {
                seen.put(o.taskId(), o);
            } else {
                seen.remove(o.taskId());
            }
        } else if (inFlight) {
            // Usually a former owner's late commit. It may be this worker's own record too, of a task it
            // no longer holds: should a restore end short of the log (a new leader's high watermark may lag
            // its log for a moment), the rest arrives here.
            resumeFromResults(o, p);
        }
    }

    private static String taskId(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
    }

    private boolean writtenHere(ConsumerRecord<byte[], byte[]> r) {
        Header writer = r.headers().lastHeader(ResultHeaders.WORKER);
        return writer != null && Arrays.equals(writer.value(), instanceIdBytes);
    }

    private void resumeFromResults(Outcome o, int partition) {
        TaskState known = state.table.get(partition, o.taskId());
        if (o.solverTaskId() == null || state.inFlight.containsKey(o.taskId()) || known == null
                || known.status() != OutcomeStatus.IN_FLIGHT || !o.solverTaskId().equals(known.solverId())) {
            return;
        }
        InFlightTask t = InFlightTask.resumedFrom(o, partition);
        state.inFlight.put(t.taskId(), t);
        startPolling.accept(t);
    }

    /** Ends the restore of every results partition that has reached its end offset: its inputs may be read now. */
    void finishRestores(Consumer<byte[], byte[]> consumer) {
        if (state.restoring.isEmpty()) {
            return;
        }
        Set<TopicPartition> assigned = consumer.assignment();
        for (Map.Entry<Integer, Long> e : Map.copyOf(state.restoring).entrySet()) {
            TopicPartition results = new TopicPartition(layout.results(), e.getKey());
            if (assigned.contains(results) && consumer.position(results) >= e.getValue()) {
                List<Outcome> recorded = stranded.recordAfterRestore(e.getKey());
                if (recorded == null) {
                    continue; // tried again next turn; the inputs stay paused meanwhile
                }
                state.restoring.remove(e.getKey());
                for (String topic : layout.inputTopics()) {
                    state.pauses.remove(new TopicPartition(topic, e.getKey()), PauseReason.RESTORING);
                }
                Map<String, Outcome> paid = state.inFlightWhileRestoring.getOrDefault(e.getKey(), new HashMap<>());
                state.inFlightWhileRestoring.remove(e.getKey());
                recorded.forEach(o -> paid.put(o.taskId(), o));
                paid.values().forEach(o -> resumeFromResults(o, e.getKey()));
                int resumed = paid.size();
                log.info("Restored results partition {} to offset {}: polling {} paid tasks again", e.getKey(),
                        consumer.position(results), resumed);
            }
        }
    }
}
