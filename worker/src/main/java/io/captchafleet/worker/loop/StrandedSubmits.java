package io.captchafleet.worker.loop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.serde.OutcomeCodec;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code in_flight} records of paid submits whose commit the group rejected (it moved on, e.g. after
 * a broker restart forgot its members), and those of the last commit before, which such a restart may
 * have lost (see {@link PendingBatch#clearKeepingPaidSubmits}), kept by partition in
 * {@link LoopState#strandedPaidSubmits}.
 *
 * <p>They are written only when their partition is assigned here again and its restore has read the
 * whole results partition, and only for tasks nobody has recorded since: another worker may have owned
 * the partition in between, paid for the task again and even finished it, and an {@code in_flight}
 * written after its terminal record would be the one compaction keeps. The partition's inputs stay
 * paused until they are written, so no task of it is judged without them. Confined to the loop thread.
 */
final class StrandedSubmits {
    private static final Logger log = LoggerFactory.getLogger(StrandedSubmits.class);

    /** A failed write is tried again after this long, so a broker away does not get a transaction per loop turn. */
    static final long RETRY_MS = 1_000;
    /** After this long of failed writes the records are given up (a cost the ledger window bounds), not the partition. */
    static final long GIVE_UP_MS = 30_000;

    private final LoopState state;
    private final Predicate<List<ProducerRecord<byte[], byte[]>>> writeAlone;
    private final LongSupplier nowMs;
    private final Map<Integer, Long> failingSince = new HashMap<>();
    private final Map<Integer, Long> retryAt = new HashMap<>();

    /** {@code writeAlone} writes records in a transaction of their own and answers whether it committed. */
    StrandedSubmits(LoopState state, Predicate<List<ProducerRecord<byte[], byte[]>>> writeAlone, LongSupplier nowMs) {
        this.state = state;
        this.writeAlone = writeAlone;
        this.nowMs = nowMs;
    }

    /** Keeps these records (of a rejected commit) for their partitions' next assignment here. */
    void keep(List<ProducerRecord<byte[], byte[]>> records) {
        for (ProducerRecord<byte[], byte[]> r : records) {
            state.strandedPaidSubmits.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r);
        }
    }

    /** Forgets those of partitions now owned by another worker, which may pay for their tasks again. */
    void forgetAllBut(Set<Integer> assigned) {
        state.strandedPaidSubmits.entrySet().removeIf(e -> {
            if (assigned.contains(e.getKey())) {
                return false;
            }
            log.warn("{} paid submits of partition {} were not recorded before it moved to another worker, which may pay"
                    + " for them again", e.getValue().size(), e.getKey());
            return true;
        });
        failingSince.keySet().retainAll(assigned);
        retryAt.keySet().retainAll(assigned);
    }

    /**
     * Once partition {@code p} is restored: writes its kept records of tasks the restored table knows
     * nothing newer of, and answers their outcomes, to be polled again. Null when the write failed (or a
     * failed one waits to be tried again): the records stay kept, and the restore must stay open, its
     * inputs paused, until a later try succeeds or {@link #GIVE_UP_MS} has passed.
     */
    List<Outcome> recordAfterRestore(int p) {
        List<ProducerRecord<byte[], byte[]>> kept = state.strandedPaidSubmits.get(p);
        if (kept == null) {
            return List.of();
        }
        long now = nowMs.getAsLong();
        if (now < retryAt.getOrDefault(p, Long.MIN_VALUE)) {
            return null;
        }
        List<ProducerRecord<byte[], byte[]>> toWrite = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : kept) {
            Outcome o = OutcomeCodec.read(r.value()); // encoded by this worker: readable
            TaskState known = state.table.get(p, o.taskId());
            if (known == null || known.isSupersededBy(TaskState.of(o))) {
                toWrite.add(r);
                outcomes.add(o);
            }
        }
        if (!toWrite.isEmpty() && !writeAlone.test(toWrite)) {
            long since = failingSince.computeIfAbsent(p, k -> now);
            if (now - since < GIVE_UP_MS) {
                retryAt.put(p, now + RETRY_MS);
                log.warn("{} paid submits of partition {} could not be recorded yet; its inputs stay paused until they are",
                        toWrite.size(), p);
                return null;
            }
            log.warn("{} paid submits of partition {} could not be recorded for {} s: given up, their tasks may be paid for"
                    + " again", toWrite.size(), p, GIVE_UP_MS / 1000);
            forget(p);
            return List.of();
        }
        forget(p);
        outcomes.forEach(o -> state.table.advance(p, o.taskId(), TaskState.of(o)));
        log.info("Recorded {} paid submits of partition {} that were missing from it after the group rejected a commit ({} others"
                + " were there, or had newer records)", outcomes.size(), p, kept.size() - outcomes.size());
        return outcomes;
    }

    private void forget(int p) {
        state.strandedPaidSubmits.remove(p);
        failingSince.remove(p);
        retryAt.remove(p);
        state.recountLedger();
    }
}
