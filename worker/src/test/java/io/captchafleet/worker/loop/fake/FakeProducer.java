package io.captchafleet.worker.loop.fake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * A producer against a {@link FakeKafka}, transactional or not, with the real producer's rules the loop
 * relies on: a failed send or offset commit puts the transaction in an error state that only an abort
 * leaves; a commit that timed out is pending, and only {@code commitTransaction} may be called until it
 * has gone through. Used through {@link Dispatch}.
 */
public final class FakeProducer {
    private final FakeKafka kafka;
    private final boolean transactional;
    private final List<ProducerRecord<byte[], byte[]>> buffered = new ArrayList<>();
    private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    private boolean inTransaction;
    private boolean commitPending;
    private RuntimeException error;

    FakeProducer(FakeKafka kafka, boolean transactional) {
        this.kafka = kafka;
        this.transactional = transactional;
    }

    public void initTransactions() {
        fencing();
    }

    public void beginTransaction() {
        fencing();
        if (commitPending) {
            throw new IllegalStateException("Cannot attempt operation `beginTransaction` because the previous call to"
                    + " `commitTransaction` timed out and must be retried");
        }
        if (inTransaction) {
            throw new IllegalStateException("a transaction is already open");
        }
        inTransaction = true;
    }

    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> r) {
        return send(r, null);
    }

    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> r, Callback callback) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition() == null ? 0 : r.partition());
        RecordMetadata metadata = new RecordMetadata(tp, -1, 0, 0, 0, 0);
        if (!transactional) {
            kafka.commit(List.of(r), Map.of());
            if (callback != null) {
                callback.onCompletion(metadata, null);
            }
            return CompletableFuture.completedFuture(metadata);
        }
        if (kafka.refuses(r)) {
            RecordTooLargeException tooLarge = new RecordTooLargeException("The message is " + r.value().length
                    + " bytes when serialized which is larger than the topic's limit");
            error = tooLarge;
            return CompletableFuture.failedFuture(tooLarge);
        }
        buffered.add(r);
        return CompletableFuture.completedFuture(metadata);
    }

    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> o, ConsumerGroupMetadata member) {
        fencing();
        RuntimeException fault = kafka.nextSendOffsetsFault();
        if (fault != null) {
            error = fault;
            throw fault;
        }
        try {
            kafka.checkGeneration(member);
        } catch (RuntimeException e) {
            error = e;
            throw e;
        }
        offsets.putAll(o);
    }

    public void commitTransaction() {
        fencing();
        if (error != null) {
            throw new KafkaException("Cannot execute transactional method because we are in an error state", error);
        }
        RuntimeException fault = kafka.nextCommitFault();
        if (fault != null) {
            if (fault instanceof TimeoutException) {
                commitPending = true;
            } else {
                error = fault;
            }
            throw fault;
        }
        kafka.commit(buffered, offsets);
        buffered.clear();
        offsets.clear();
        commitPending = false;
        inTransaction = false;
    }

    public void abortTransaction() {
        if (commitPending) {
            throw new IllegalStateException("Cannot attempt operation `abortTransaction` because the previous call to"
                    + " `commitTransaction` timed out and must be retried");
        }
        buffered.clear();
        offsets.clear();
        error = null;
        inTransaction = false;
    }

    public void flush() {
    }

    public List<PartitionInfo> partitionsFor(String topic) {
        return List.of();
    }

    public void close(Duration timeout) {
    }

    public void close() {
    }

    public Map<MetricName, ? extends Metric> metrics() {
        return Map.of();
    }

    private void fencing() {
        if (transactional && kafka.takeFencing()) {
            throw new ProducerFencedException("There is a newer producer with the same transactionalId which fences the current one.");
        }
    }
}
