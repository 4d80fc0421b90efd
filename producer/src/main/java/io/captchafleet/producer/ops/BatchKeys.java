package io.captchafleet.producer.ops;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.captchafleet.common.CaptchaFleetException;
import io.captchafleet.common.compact.LongLongMap;
import io.captchafleet.common.compact.TaskHash;
import io.captchafleet.common.config.ExitCode;
import io.captchafleet.common.model.TaskIds;
import io.captchafleet.producer.kafka.KafkaClients;
import io.captchafleet.producer.kafka.TopicScan;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Deletes a batch's keys from a topic keyed by task id: a tombstone (null value, same key, same partition)
 * for every key of the batch whose newest record in the part of the topic scanned is live, so that
 * compaction frees them. Used by {@link PurgeBatch} on the calling thread.
 */
final class BatchKeys {
    private static final long ACK_TIMEOUT_S = 60;

    private final KafkaClients clients;
    private final Producer<byte[], byte[]> producer;

    BatchKeys(KafkaClients clients, Producer<byte[], byte[]> producer) {
        this.clients = clients;
        this.producer = producer;
    }

    /** How one scan went: the keys it deleted, and where the topic ended when it began (where the next scan starts). */
    record Sweep(long deleted, Map<TopicPartition, Long> ends) {
    }

    /** Scans {@code topic} from the beginning. */
    Sweep delete(String topic, String batch) {
        try (Consumer<byte[], byte[]> consumer = clients.reader()) {
            Map<TopicPartition, Long> starts = new HashMap<>();
            TopicScan.partitionsOf(consumer, List.of(topic)).forEach(tp -> starts.put(tp, 0L));
            return delete(consumer, starts, batch);
        }
    }

    /** Scans from {@code from} (where an earlier scan ended) to the end. */
    Sweep deleteFrom(Map<TopicPartition, Long> from, String batch) {
        try (Consumer<byte[], byte[]> consumer = clients.reader()) {
            return delete(consumer, from, batch);
        }
    }

    /** Deletes one key (a batch's manifest) with the producer's own partitioning, as it was written. */
    void deleteKey(String topic, String key) {
        acknowledged(List.of(producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), null))));
    }

    /**
     * Two passes, as {@code results} exports: the first finds each key's newest record (by hash, per partition: 16 to 32
     * bytes a key), the second deletes the keys whose newest record is live. A key deleted before is left alone.
     */
    private Sweep delete(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> from, String batch) {
        Map<TopicPartition, LongLongMap> newest = new HashMap<>();
        TopicScan first = TopicScan.from(consumer, from);
        first.toEnd(r -> {
            String taskId = taskIdOf(r);
            if (taskId != null && TaskIds.batchOf(taskId).equals(batch)) {
                newest.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), tp -> new LongLongMap())
                        .put(TaskHash.of(taskId), r.value() == null ? -1 : r.offset());
            }
        });
        Map<TopicPartition, Long> ends = first.ends();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        if (!newest.isEmpty()) {
            TopicScan.from(consumer, from).toEnd(r -> {
                LongLongMap map = newest.get(new TopicPartition(r.topic(), r.partition()));
                String taskId = taskIdOf(r);
                if (map != null && taskId != null && r.offset() < ends.get(new TopicPartition(r.topic(), r.partition()))
                        && map.get(TaskHash.of(taskId)) == r.offset()) {
                    acks.add(producer.send(new ProducerRecord<>(r.topic(), r.partition(), r.key(), null)));
                }
            });
        }
        acknowledged(acks);
        return new Sweep(acks.size(), ends);
    }

    private static String taskIdOf(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    }

    /** Waits until the broker has every tombstone: a purge that lost one says so, and running it again finishes it. */
    private void acknowledged(List<Future<RecordMetadata>> acks) {
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(ACK_TIMEOUT_S, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CaptchaFleetException("Interrupted before every tombstone was acknowledged; run purge again to finish",
                        ExitCode.INTERNAL, e);
            } catch (ExecutionException e) {
                throw new CaptchaFleetException("Kafka refused a tombstone (" + e.getCause().getMessage() + "); the batch is purged"
                        + " for every worker already: run purge again to delete what is left", ExitCode.INTERNAL, e.getCause());
            } catch (TimeoutException e) {
                throw new CaptchaFleetException("A tombstone was not acknowledged within " + ACK_TIMEOUT_S + " s; run purge again"
                        + " to finish", ExitCode.UNREACHABLE, e);
            }
        }
    }
}
