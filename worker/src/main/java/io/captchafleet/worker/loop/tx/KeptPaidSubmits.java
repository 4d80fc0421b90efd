package io.captchafleet.worker.loop.tx;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.TaskIds;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.worker.loop.partitions.TaskState;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code in_flight} records of paid submits whose commit the group rejected (it moved on, e.g. after a
 * broker restart forgot its members), and those of the last commit before it, which such a restart was
 * seen to lose although it had confirmed them. Kept by partition until the partition is assigned here
 * again and restored; then those of tasks the results know nothing newer of go into the next transaction,
 * fenced like every other. Forgotten for partitions assigned to another worker, which may pay for them
 * again (the ledger window bounds that). Confined to the worker loop thread.
 */
final class KeptPaidSubmits {
    private static final Logger log = LoggerFactory.getLogger(KeptPaidSubmits.class);

    private final Map<Integer, List<ProducerRecord<byte[], byte[]>>> byPartition = new HashMap<>();
    private int count;
    /** The paid submits of the last commit that had any. */
    private List<ProducerRecord<byte[], byte[]>> lastCommitted = List.of();

    /** A commit went through with these paid submits (remembered until the next commit with any). */
    void committed(List<ProducerRecord<byte[], byte[]>> paidSubmits) {
        if (!paidSubmits.isEmpty()) {
            lastCommitted = List.copyOf(paidSubmits);
        }
    }

    /** The group rejected a commit: keeps its paid submits, the unwritten ones, and those of the last commit. */
    void keepAfterRejection(List<ProducerRecord<byte[], byte[]>> rejected, List<ProducerRecord<byte[], byte[]>> unwritten) {
        keep(lastCommitted);
        keep(rejected);
        keep(unwritten);
        lastCommitted = List.of();
    }

    /** Forgets the last commit's paid submits of partitions that moved away. */
    void forgetCommitted(Collection<Integer> gone) {
        lastCommitted = lastCommitted.stream().filter(r -> !gone.contains(r.partition())).toList();
    }

    /** Forgets those of a purged batch: recorded now, they would bring its deleted keys back. */
    void forgetBatch(String batch) {
        Predicate<ProducerRecord<byte[], byte[]>> ofBatch =
                r -> TaskIds.batchOf(new String(r.key(), StandardCharsets.UTF_8)).equals(batch);
        lastCommitted = lastCommitted.stream().filter(ofBatch.negate()).toList();
        byPartition.values().forEach(records -> {
            int before = records.size();
            records.removeIf(ofBatch);
            count -= before - records.size();
        });
    }

    private void keep(List<ProducerRecord<byte[], byte[]>> records) {
        for (ProducerRecord<byte[], byte[]> r : records) {
            byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r);
            count++;
        }
    }

    int count() {
        return count;
    }

    /** Forgets those of partitions now owned by another worker. */
    void forgetAllBut(Set<Integer> assigned) {
        byPartition.entrySet().removeIf(e -> {
            if (assigned.contains(e.getKey())) {
                return false;
            }
            log.warn("{} paid submits of partition {} were not recorded before it moved to another worker, which may pay"
                    + " for them again", e.getValue().size(), e.getKey());
            count -= e.getValue().size();
            return true;
        });
    }

    /**
     * Takes the kept records of restored partition {@code p} whose tasks the results know nothing newer of:
     * another worker may have owned the partition meanwhile and finished the task, and an {@code in_flight}
     * written after its outcome would be the one compaction keeps.
     */
    List<ProducerRecord<byte[], byte[]>> takeMissing(int p, Function<String, TaskState> known) {
        List<ProducerRecord<byte[], byte[]>> kept = byPartition.remove(p);
        if (kept == null) {
            return List.of();
        }
        count -= kept.size();
        List<ProducerRecord<byte[], byte[]>> missing = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : kept) {
            Outcome o = OutcomeCodec.read(r.value()); // encoded by this worker: readable
            TaskState state = known.apply(o.taskId());
            if (state == null || state.isSupersededBy(TaskState.of(o))) {
                missing.add(r);
            }
        }
        log.info("Recording {} paid submits of partition {} that were missing from it after the group rejected a commit"
                + " ({} others were there, or had newer records)", missing.size(), p, kept.size() - missing.size());
        return missing;
    }
}
