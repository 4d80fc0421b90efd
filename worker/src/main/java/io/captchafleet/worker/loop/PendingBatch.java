package io.captchafleet.worker.loop;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the next transaction writes (outcomes, retry-tier records, dead letters) and what the worker does
 * once it has committed (advance the task table, release ledger slots, forget finished tasks). Kept
 * whole until a commit succeeds, so an aborted transaction is simply sent again: no seek, no new submit.
 * Everything in it belongs to one partition number, so a partition that moves to another worker during
 * a rebalance takes its uncommitted work with it (the new owner polls those tasks itself) instead of
 * committing it late. Confined to the worker loop thread.
 */
final class PendingBatch {
    private record Action(int partition, Runnable run) {
    }

    private final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    private final List<Action> afterCommit = new ArrayList<>();
    private final List<ProducerRecord<byte[], byte[]>> paidSubmits = new ArrayList<>();
    /** The paid submits of the last committed transaction that had any: see {@link #clearKeepingPaidSubmits}. */
    private List<ProducerRecord<byte[], byte[]>> lastCommittedPaidSubmits = List.of();

    /** A record for the next transaction; its partition is always set (co-partitioned with its task). */
    void add(ProducerRecord<byte[], byte[]> record) {
        records.add(record);
    }

    /** The {@code in_flight} record of a paid submit: the ledger wants it committed soon. */
    void addPaidSubmit(ProducerRecord<byte[], byte[]> inFlight) {
        records.add(inFlight);
        paidSubmits.add(inFlight);
    }

    void afterCommit(int partition, Runnable action) {
        afterCommit.add(new Action(partition, action));
    }

    int unrecordedPaidSubmits() {
        return paidSubmits.size();
    }

    /**
     * Empties the batch and returns its paid submits' {@code in_flight} records: after the group moved on,
     * they are the part worth writing still, once this worker owns their partitions again. Those of the
     * last committed transaction come too, to be checked against the log: a broker restarted from a
     * SIGKILL has been seen to lose a transaction whose commit the client was told had succeeded (its
     * coordinator later aborted it), and the group's rejection follows such a restart.
     */
    List<ProducerRecord<byte[], byte[]>> clearKeepingPaidSubmits() {
        List<ProducerRecord<byte[], byte[]>> kept = new ArrayList<>(lastCommittedPaidSubmits);
        kept.addAll(paidSubmits);
        clear();
        lastCommittedPaidSubmits = List.of();
        return kept;
    }

    List<ProducerRecord<byte[], byte[]>> records() {
        return records;
    }

    boolean isEmpty() {
        return records.isEmpty() && afterCommit.isEmpty();
    }

    /** Forgets everything belonging to partitions this worker no longer owns. */
    void dropPartitions(Collection<Integer> lost) {
        records.removeIf(r -> lost.contains(r.partition()));
        afterCommit.removeIf(a -> lost.contains(a.partition()));
        paidSubmits.removeIf(r -> lost.contains(r.partition()));
        lastCommittedPaidSubmits = lastCommittedPaidSubmits.stream().filter(r -> !lost.contains(r.partition())).toList();
    }

    /** Runs the after-commit actions in order and empties the batch. */
    void committed() {
        List<Action> actions = List.copyOf(afterCommit);
        if (!paidSubmits.isEmpty()) {
            lastCommittedPaidSubmits = List.copyOf(paidSubmits);
        }
        clear();
        actions.forEach(a -> a.run().run());
    }

    void clear() {
        records.clear();
        afterCommit.clear();
        paidSubmits.clear();
    }
}
