package io.captchafleet.worker.loop.tx;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;

import io.captchafleet.common.CaptchaFleetException;
import io.captchafleet.worker.loop.partitions.TaskState;
import io.captchafleet.worker.metrics.WorkerMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop's one transaction boundary: it collects what the next transaction writes, and opens, fills,
 * fences and commits it, like Kafka's {@code ExactlyOnceMessageProcessor}: begin, send,
 * {@code sendOffsetsToTransaction(offsets, groupMetadata)} on every transaction that writes anything (the
 * group generation is the zombie fence), commit. It is the only code that catches Kafka's transaction
 * exceptions ({@link TransactionErrors} sorts them) and answers with a {@link TxResult}.
 *
 * <p>Kafka's contracts are kept: a commit that timed out (a broker away longer than {@code max.block.ms})
 * is only ever committed again, never aborted, and nothing else is written until it has ended; an abort
 * that timed out is only aborted again. Records Kafka refuses for their size or content are replaced by
 * what {@link Refusals} makes of them and the rest is committed. It owns the recovery of the paid submits
 * a rejected commit left unrecorded ({@link KeptPaidSubmits}). Confined to the worker loop thread.
 */
public final class Transactions implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Transactions.class);

    /** Replaces a record Kafka refused for its size or content (a dead letter, a smaller outcome). */
    @FunctionalInterface
    public interface Refusals {
        List<ProducerRecord<byte[], byte[]>> replace(ProducerRecord<byte[], byte[]> refused, Throwable why);
    }

    /** A transactional call that timed out and must be made again before anything else. */
    private enum Pending { NONE, COMMIT, ABORT }

    private final TransactionalProducer producers;
    private final Consumer<?, ?> consumer;
    private final TransactionErrors errors;
    private final Refusals refusals;
    private final WorkerMetrics metrics;
    private final Clock clock;
    private final KeptPaidSubmits kept = new KeptPaidSubmits();
    private final RestoreBarrier barrier;
    private PendingWrites next = new PendingWrites();
    /** The attempt under way: only set while its commit or abort is pending after a time-out. */
    private PendingWrites sealed;
    private Map<TopicPartition, OffsetAndMetadata> sealedOffsets = Map.of();
    private Map<TopicPartition, OffsetAndMetadata> lastCommittedOffsets = Map.of();
    private Pending pending = Pending.NONE;
    private Instant pendingSince;
    private long lastCommitMs;

    /**
     * @param producerFactory makes a transactional producer (its {@code initTransactions} is called here)
     * @param consumer        the group member whose metadata fences every transaction
     */
    public Transactions(Supplier<Producer<byte[], byte[]>> producerFactory, Consumer<?, ?> consumer, Refusals refusals,
                        WorkerMetrics metrics, String instanceId, Clock clock) {
        this.producers = new TransactionalProducer(producerFactory, metrics);
        this.consumer = consumer;
        this.errors = new TransactionErrors(producers, instanceId, clock);
        this.barrier = new RestoreBarrier(producers, errors);
        this.refusals = refusals;
        this.metrics = metrics;
        this.clock = clock;
    }

    // ---- what the next transaction writes ----

    /** A record for the next transaction; its partition must be set (co-partitioned with its task). */
    public void write(ProducerRecord<byte[], byte[]> record) {
        next.add(record);
    }

    /** The {@code in_flight} record of a paid submit: counted in the ledger until it commits. */
    public void writePaidSubmit(ProducerRecord<byte[], byte[]> inFlight) {
        next.addPaidSubmit(inFlight);
    }

    /** Work to do once the next transaction has committed; dropped if the partition moves away first. */
    public void afterCommit(int partition, Runnable action) {
        next.afterCommit(partition, action);
    }

    /** Paid submits not yet recorded: in the next transaction, in one under way, or kept after a rejection. */
    public int unrecordedPaidSubmits() {
        return next.paidSubmits().size() + (sealed == null ? 0 : sealed.paidSubmits().size()) + kept.count();
    }

    /** Whether a paid submit waits in the next transaction: the ledger wants a commit soon. */
    public boolean paidSubmitsWaiting() {
        return !next.paidSubmits().isEmpty();
    }

    public boolean hasWork() {
        return !next.isEmpty() || sealed != null;
    }

    public long lastCommitMs() {
        return lastCommitMs;
    }

    /** The offsets the last commit wrote (the trackers' committed marks). */
    public Map<TopicPartition, OffsetAndMetadata> lastCommittedOffsets() {
        return lastCommittedOffsets;
    }

    /** Null while transactions go through, else what they wait for (for the log and {@code /ready}). */
    public String waitingFor() {
        return pending == Pending.NONE ? null
                : "a transaction's " + (pending == Pending.COMMIT ? "commit" : "abort") + " pending since " + pendingSince
                + " (the Kafka cluster does not answer); it is retried until it does";
    }

    // ---- committing ----

    /**
     * Commits the next transaction with these input offsets, or finishes the one a time-out left pending.
     * The offsets fence it: a transaction that writes records must carry at least one.
     *
     * @throws CaptchaFleetException when the producer can no longer write at all (authorization, protocol)
     */
    public TxResult commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (pending != Pending.NONE) {
            return finishPending();
        }
        if (next.records().isEmpty() && offsets.isEmpty()) {
            if (!next.isEmpty()) {
                PendingWrites done = next;
                next = new PendingWrites();
                done.committed(); // after-commit work with nothing to write (a skipped record) needs no transaction
            }
            lastCommitMs = clock.millis();
            return TxResult.NOTHING_TO_DO;
        }
        if (offsets.isEmpty()) {
            log.debug("No input offset is known yet to fence {} records: they wait", next.records().size());
            return TxResult.RETRY;
        }
        sealed = next;
        next = new PendingWrites();
        sealedOffsets = Map.copyOf(offsets);
        return attempt();
    }

    private TxResult attempt() {
        Producer<byte[], byte[]> producer;
        try {
            producer = producers.get();
        } catch (KafkaException e) {
            return failed(e, List.of(), false);
        }
        if (producer == null) {
            unseal();
            return TxResult.RETRY;
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>(sealed.records().size());
        boolean committing = false;
        try {
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> r : sealed.records()) {
                sent.add(producer.send(r));
            }
            producer.sendOffsetsToTransaction(sealedOffsets, consumer.groupMetadata());
            committing = true;
            producer.commitTransaction();
        } catch (KafkaException | IllegalStateException e) {
            return failed(e, sent, committing);
        }
        return committed();
    }

    private TxResult finishPending() {
        Producer<byte[], byte[]> producer = producers.get();
        try {
            if (pending == Pending.COMMIT) {
                producer.commitTransaction();
                log.info("The pending commit went through");
                pending = Pending.NONE;
                return committed();
            }
            producer.abortTransaction();
            log.info("The pending abort went through");
            pending = Pending.NONE;
            metrics.transaction("aborted");
            unseal();
            return TxResult.RETRY;
        } catch (KafkaException | IllegalStateException e) {
            return failed(e, List.of(), pending == Pending.COMMIT);
        }
    }

    private TxResult committed() {
        PendingWrites done = sealed;
        lastCommittedOffsets = sealedOffsets;
        kept.committed(done.paidSubmits());
        sealed = null;
        sealedOffsets = Map.of();
        lastCommitMs = clock.millis();
        metrics.transaction("committed");
        done.committed();
        return TxResult.COMMITTED;
    }

    private TxResult failed(RuntimeException e, List<Future<RecordMetadata>> sent, boolean committing) {
        TransactionErrors.Verdict verdict = errors.sort(e, committing);
        switch (verdict) {
            case PENDING:
                if (pending == Pending.NONE) {
                    pendingSince = clock.instant();
                    log.warn("A commit timed out ({}): committing it again until the cluster answers; nothing else is"
                            + " written meanwhile", e.getMessage());
                }
                pending = Pending.COMMIT;
                return TxResult.RETRY;
            case FENCED:
                return TxResult.FENCED;
            case MOVED_ON:
                abort();
                metrics.transaction("rejected");
                keepUnrecordedPaidSubmits();
                return TxResult.MOVED_ON;
            case REPLACED:
                pending = Pending.NONE;
                unseal();
                metrics.transaction("aborted");
                return TxResult.RETRY;
            default:
                List<Refused> refused = Refused.among(sealed, sent);
                abort();
                metrics.transaction("aborted");
                refused.forEach(r -> {
                    log.warn("Kafka refused a record for {}-{}: {}; replacing it", r.record().topic(), r.record().partition(),
                            r.why().toString());
                    sealed.replace(r.record(), refusals.replace(r.record(), r.why()));
                });
                if (pending == Pending.NONE) {
                    unseal();
                }
                log.warn("A transaction aborted ({}); its records go with the next one", e.toString());
                return TxResult.RETRY;
        }
    }

    /** Aborts the open transaction; an abort that times out is made again later, a producer that cannot abort is replaced. */
    private void abort() {
        try {
            producers.get().abortTransaction();
            pending = Pending.NONE;
        } catch (KafkaException | IllegalStateException e) {
            if (errors.timedOut(e)) {
                if (pending != Pending.ABORT) {
                    pendingSince = clock.instant();
                }
                pending = Pending.ABORT;
            } else {
                pending = Pending.NONE;
                producers.replace("it cannot abort its transaction (" + e + ")");
            }
        }
    }

    /**
     * The group moved on: everything unwritten is dropped, except the paid submits not surely recorded (and
     * those of the last commit, which a restarted broker was seen to lose), kept for the partitions' next
     * restore here.
     */
    public void keepUnrecordedPaidSubmits() {
        kept.keepAfterRejection(sealed == null ? List.of() : sealed.paidSubmits(), next.paidSubmits());
        sealed = null;
        sealedOffsets = Map.of();
        next = new PendingWrites();
        if (pending != Pending.NONE) {
            pending = Pending.NONE;
            producers.replace("the transaction left pending belongs to partitions that were dropped");
        }
    }

    private void unseal() {
        if (sealed != null) {
            sealed.append(next);
            next = sealed;
            sealed = null;
            sealedOffsets = Map.of();
        }
    }

    // ---- partitions ----

    /** Forgets the unwritten work of partitions that moved away (what a pending transaction holds is sent already). */
    public void dropPartitions(Collection<Integer> gone) {
        next.dropPartitions(gone);
        if (sealed != null) {
            sealed.dropActions(gone);
        }
        kept.forgetCommitted(gone);
    }

    /** A batch was purged: its kept paid submits are never recorded (they would bring its deleted keys back). */
    public void forgetKeptOf(String batch) {
        kept.forgetBatch(batch);
    }

    /** The new assignment: kept paid submits of partitions now owned by another worker are forgotten. */
    public void assigned(Set<Integer> partitions) {
        kept.forgetAllBut(partitions);
    }

    /**
     * Once partition {@code p} is restored: its kept paid submits of tasks the results know nothing newer of
     * go into the next transaction. Returns their records; {@code afterCommit} work for {@code p} then runs
     * once they are committed.
     */
    public List<ProducerRecord<byte[], byte[]>> recordKept(int p, Function<String, TaskState> known) {
        List<ProducerRecord<byte[], byte[]>> missing = kept.takeMissing(p, known);
        missing.forEach(next::addPaidSubmit);
        return missing;
    }

    /**
     * Moves the log end of results partitions about to be restored (see {@link RestoreBarrier}). False when
     * it could not be written now; then the caller tries again.
     */
    public boolean writeBarrier(Collection<TopicPartition> results) {
        return pending == Pending.NONE && barrier.write(results);
    }

    /** The error a worker fenced by a twin stops with. */
    public CaptchaFleetException fencedError() {
        return errors.fencedError();
    }

    /** The error a worker stops with when any of its clients learns that a twin took over its instance id. */
    public static CaptchaFleetException fenced(String instanceId, Exception cause) {
        return TransactionErrors.fenced(instanceId, cause);
    }

    @Override
    public void close() {
        producers.close();
    }

    /** Closes the producer, waiting at most {@code timeout} for what it is sending. */
    public void close(java.time.Duration timeout) {
        producers.close(timeout);
    }
}
