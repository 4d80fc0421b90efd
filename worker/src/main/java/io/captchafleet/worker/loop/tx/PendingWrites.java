package io.captchafleet.worker.loop.tx;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What one transaction writes (outcomes, retry-tier records, dead letters) and what the worker does once
 * it has committed (advance the results table, let finished tasks go). Everything in it belongs to one
 * partition number, so a partition that moves to another worker takes its unwritten work with it.
 * Confined to the worker loop thread.
 */
final class PendingWrites {
    private record Action(int partition, Runnable run) {
    }

    private final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    private final List<ProducerRecord<byte[], byte[]>> paidSubmits = new ArrayList<>();
    private final List<Action> afterCommit = new ArrayList<>();

    /** A record for the transaction; its partition is always set (co-partitioned with its task). */
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

    List<ProducerRecord<byte[], byte[]>> records() {
        return records;
    }

    List<ProducerRecord<byte[], byte[]>> paidSubmits() {
        return paidSubmits;
    }

    boolean isEmpty() {
        return records.isEmpty() && afterCommit.isEmpty();
    }

    /** Puts {@code replacements} where {@code refused} was (a record Kafka refused for its size or content). */
    void replace(ProducerRecord<byte[], byte[]> refused, List<ProducerRecord<byte[], byte[]>> replacements) {
        int at = indexOf(records, refused);
        records.remove(at);
        records.addAll(at, replacements);
        int paid = indexOf(paidSubmits, refused);
        if (paid >= 0) {
            paidSubmits.remove(paid);
            replacements.stream().filter(r -> r.topic().equals(refused.topic())).forEach(paidSubmits::add);
        }
    }

    /** Everything of {@code later} after this batch's own: an aborted attempt goes again before newer work. */
    void append(PendingWrites later) {
        records.addAll(later.records);
        paidSubmits.addAll(later.paidSubmits);
        afterCommit.addAll(later.afterCommit);
    }

    /** Forgets everything belonging to partitions this worker no longer owns. */
    void dropPartitions(Collection<Integer> gone) {
        records.removeIf(r -> gone.contains(r.partition()));
        paidSubmits.removeIf(r -> gone.contains(r.partition()));
        afterCommit.removeIf(a -> gone.contains(a.partition()));
    }

    /** Forgets only the after-commit work of those partitions (their records are in a transaction already). */
    void dropActions(Collection<Integer> gone) {
        afterCommit.removeIf(a -> gone.contains(a.partition()));
    }

    /** Runs the after-commit actions in order. */
    void committed() {
        afterCommit.forEach(a -> a.run().run());
    }

    private static int indexOf(List<ProducerRecord<byte[], byte[]>> list, ProducerRecord<byte[], byte[]> r) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == r) {
                return i;
            }
        }
        return -1;
    }
}
