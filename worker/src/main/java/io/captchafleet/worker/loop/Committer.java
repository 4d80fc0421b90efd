package io.captchafleet.worker.loop;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.captchafleet.common.CaptchaFleetException;
import io.captchafleet.common.config.ExitCode;
import io.captchafleet.worker.metrics.WorkerMetrics;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the pending batch and the input offsets in one Kafka transaction
 * ({@code sendOffsetsToTransaction} with the consumer's group metadata, so a worker the group has moved
 * past cannot commit). Each partition commits up to its lowest unfinished offset, or its position when
 * nothing there is unfinished. Transactions are short and never span an HTTP call: they open and
 * commit here, on the loop thread, in one go.
 *
 * <p>Abortable errors abort and keep the batch for the next attempt (no seek, no new submit). A fenced
 * instance id, or a producer fenced twice within a minute, means another live worker has this instance
 * id: fatal (a single producer fencing may be the coordinator's time-out abort after a broker restart,
 * answered with a new producer). A commit the group rejected means the group moved on: the caller
 * drops its state.
 */
final class Committer {
    private static final Logger log = LoggerFactory.getLogger(Committer.class);

    /** How a commit ended. */
    enum Result {
        NOTHING_TO_DO,
        /** A rebalance is in progress (nothing assigned): commit once the new assignment is known. */
        NOT_NOW,
        COMMITTED,
        /** Aborted by an abortable error; the batch is kept and sent again next time. */
        RETRY,
        /** The group has moved on: this worker's assignment is stale. */
        GROUP_MOVED_ON
    }

    /** The key of the aborted restore barrier records (see {@link #writeAbortedBarrier}). */
    static final byte[] BARRIER_KEY = "captcha-fleet.restore-barrier".getBytes(StandardCharsets.UTF_8);

    private final TransactionalProducer producers;
    private final Consumer<byte[], byte[]> consumer;
    private final LoopState state;
    private final WorkerMetrics metrics;
    private final String instanceId;
    private final Clock clock;
    private long lastCommitMs;

    Committer(TransactionalProducer producers, Consumer<byte[], byte[]> consumer, LoopState state, WorkerMetrics metrics,
              String instanceId, Clock clock) {
        this.producers = producers;
        this.consumer = consumer;
        this.state = state;
        this.metrics = metrics;
        this.instanceId = instanceId;
        this.clock = clock;
    }

    long lastCommitMs() {
        return lastCommitMs;
    }

    /**
     * Commits the pending batch and the offsets now, if there is anything to commit.
     *
     * @throws CaptchaFleetException when another worker with this instance id fenced this one
     */
    Result commit() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            // Between the revocation and the new assignment of a rebalance: writing results now would not be
            // fenced by the group generation, so it waits (the revocation itself committed what was finished).
            return state.pending.isEmpty() ? Result.NOTHING_TO_DO : Result.NOT_NOW;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = offsetsToCommit(assigned);
        if (state.pending.records().isEmpty() && offsets.isEmpty()) {
            state.pending.committed(); // pure after-commit work (e.g. skips) needs no transaction
            lastCommitMs = clock.millis();
            return Result.NOTHING_TO_DO;
        }
        Result written = inOwnTransaction(state.pending.records().size() + " results and the input offsets", producer -> {
            for (ProducerRecord<byte[], byte[]> r : state.pending.records()) {
                producer.send(r);
            }
            if (!offsets.isEmpty()) {
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            }
            producer.commitTransaction();
        });
        if (written != Result.COMMITTED) {
            return written;
        }
        offsets.forEach((tp, o) -> {
            OffsetTracker tracker = state.trackers.get(tp);
            if (tracker != null) {
                tracker.committed(o.offset());
            }
        });
        metrics.transaction("committed");
        lastCommitMs = clock.millis();
        state.pending.committed();
        return Result.COMMITTED;
    }

    /**
     * Writes records in a transaction of their own: kept paid submits missing from a results partition
     * this worker has just restored (see {@link StrandedSubmits}). The transaction commits its partitions'
     * input offsets again as they stand, so that it is fenced by the group generation like every commit:
     * a worker the group has moved past (another may own the partition by now) cannot write them late.
     * False when the write failed or was rejected.
     *
     * @throws CaptchaFleetException when another worker with this instance id fenced this one
     */
    boolean writeAlone(List<ProducerRecord<byte[], byte[]>> records) {
        Set<Integer> partitions = records.stream().map(ProducerRecord::partition).collect(Collectors.toSet());
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        state.trackers.forEach((tp, tracker) -> {
            if (partitions.contains(tp.partition())) {
                offsets.put(tp, new OffsetAndMetadata(tracker.commitOffset()));
            }
        });
        boolean written = inOwnTransaction(records.size() + " kept paid submits", producer -> {
            records.forEach(producer::send);
            if (!offsets.isEmpty()) {
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            }
            producer.commitTransaction();
        }) == Result.COMMITTED;
        if (written) {
            metrics.transaction("committed");
        }
        return written;
    }

    private Map<TopicPartition, OffsetAndMetadata> offsetsToCommit(Set<TopicPartition> assigned) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        state.trackers.forEach((tp, tracker) -> {
            if (!assigned.contains(tp)) {
                return;
            }
            // Every record before the consumer's position has been handled or sought back to; the position
            // may be past the last record because of transaction markers, which never arrive as records.
            tracker.advanceTo(consumer.position(tp));
            if (tracker.needsCommit()) {
                offsets.put(tp, new OffsetAndMetadata(tracker.commitOffset()));
            }
        });
        return offsets;
    }

    /**
     * Appends one tombstone to each given results partition in a transaction that is aborted at once:
     * invisible to read_committed readers and removed by compaction, but it moves the partition's log
     * end and high watermark. After a broker restart the high watermark of a partition nobody has
     * written to since may lag its log (even at 0), and a restore that trusted it would miss records.
     * Returns false when it could not be written (the restore then goes ahead on what it sees).
     */
    boolean writeAbortedBarrier(Collection<TopicPartition> results) {
        return inOwnTransaction("the restore barrier", producer -> {
            for (TopicPartition tp : results) {
                producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), BARRIER_KEY, null));
            }
            producer.flush();
            producer.abortTransaction();
        }) == Result.COMMITTED; // the body ran to its end: the abort is the point
    }

    /** What one transaction sends, ending it with a commit or, for the barrier, an abort. */
    @FunctionalInterface
    private interface TransactionBody {
        void run(Producer<byte[], byte[]> producer);
    }

    /**
     * Runs {@code body} in a transaction of its own and answers how it went: {@link Result#COMMITTED} when
     * the body ran to its end, {@link Result#RETRY} after an abortable error (aborted; the caller keeps what
     * it wanted written), {@link Result#GROUP_MOVED_ON} when the group rejected the offsets.
     *
     * @throws CaptchaFleetException when another worker with this instance id fenced this one, or the
     *                               producer cannot write to Kafka any more
     */
    private Result inOwnTransaction(String what, TransactionBody body) {
        Producer<byte[], byte[]> producer = producers.get();
        if (producer == null) {
            return Result.RETRY;
        }
        try {
            producer.beginTransaction();
            body.run(producer);
            return Result.COMMITTED;
        } catch (FencedInstanceIdException e) {
            throw fenced(e);
        } catch (ProducerFencedException e) {
            return retryAfterFencing(what, e);
        } catch (OutOfOrderSequenceException | UnsupportedVersionException | AuthorizationException e) {
            throw new CaptchaFleetException("Worker " + instanceId + " cannot write to Kafka any more: " + e.getMessage(),
                    ExitCode.INTERNAL, e);
        } catch (CommitFailedException e) {
            abortQuietly(producer);
            metrics.transaction("rejected");
            log.warn("Commit rejected: the group has moved on ({}); dropping this worker's state", e.getMessage());
            return Result.GROUP_MOVED_ON;
        } catch (KafkaException e) {
            if (e.getCause() instanceof FencedInstanceIdException) {
                throw fenced(e);
            }
            if (e.getCause() instanceof ProducerFencedException) {
                return retryAfterFencing(what, e);
            }
            abortQuietly(producer);
            metrics.transaction("aborted");
            log.warn("The transaction writing {} aborted ({})", what, e.toString());
            return Result.RETRY;
        }
    }

    /** A fenced producer: replaced once in a while (a coordinator time-out), else a twin is running. */
    private Result retryAfterFencing(String what, KafkaException e) {
        if (!producers.replaceAfterFencing(e.getMessage(), clock.millis())) {
            throw fenced(e);
        }
        metrics.transaction("aborted");
        log.warn("The transaction writing {} was fenced ({}); a new producer will write it again", what, e.getMessage());
        return Result.RETRY;
    }

    /** Aborts; a producer that cannot even abort is in a fatal state, so it is replaced. */
    private void abortQuietly(Producer<byte[], byte[]> producer) {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            producers.replace("it cannot abort its transaction (" + e.getMessage() + ")");
        }
    }

    private CaptchaFleetException fenced(Exception e) {
        return fenced(instanceId, e);
    }

    /** The error a worker stops with when another live worker took over its instance id. */
    static CaptchaFleetException fenced(String instanceId, Exception e) {
        return new CaptchaFleetException("Worker " + instanceId + " was fenced: another live worker uses instance id \""
                + instanceId + "\". Give every worker its own --instance-id.", ExitCode.USAGE, e);
    }
}
