package io.captchafleet.worker.loop;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the next transaction writes (outcomes, retry-tier records, dead letters) and what the worker does
 * once it has committed (advance the task table, release ledger slots, forget finished tasks). Kept
 * whole until a commit succeeds, so an aborted transaction is simply sent again: no seek, no new submit.
 * Confined to the worker loop thread.
 */
final class PendingBatch {
    private final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    private final List<Runnable> afterCommit = new ArrayList<>();
    private int unrecordedPaidSubmits;

    void add(ProducerRecord<byte[], byte[]> record) {
        records.add(record);
    }

    void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    /** A paid submit whose {@code in_flight} record is in this batch: the ledger wants it committed soon. */
    void paidSubmitRecorded() {
        unrecordedPaidSubmits++;
    }

    int unrecordedPaidSubmits() {
        return unrecordedPaidSubmits;
    }

    List<ProducerRecord<byte[], byte[]>> records() {
        return records;
    }

    boolean isEmpty() {
        return records.isEmpty() && afterCommit.isEmpty();
    }

    /** Runs the after-commit actions in order and empties the batch. */
    void committed() {
        List<Runnable> actions = List.copyOf(afterCommit);
        clear();
        actions.forEach(Runnable::run);
    }

    void clear() {
        records.clear();
        afterCommit.clear();
        unrecordedPaidSubmits = 0;
    }
}
