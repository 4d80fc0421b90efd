package io.captchafleet.cli.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.captchafleet.common.config.KafkaSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka's own limit for the worker's pattern: consume a topic read_committed in a group, produce every
 * record to another topic and commit the offsets in the same transaction, every 200 ms (the worker's
 * default commit interval), with no solving at all. Runs on the calling thread.
 */
final class TransactionalCopy {
    private TransactionalCopy() {
    }

    /** Copies {@code records} records from {@code from} to {@code to}; returns the seconds it took. */
    static double run(KafkaSettings kafka, String from, String to, long records) {
        Map<String, Object> c = new HashMap<>(kafka.clientConfig(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "bench-copy",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000)));
        Map<String, Object> p = new HashMap<>(kafka.clientConfig(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-copy-tx",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")));
        long started = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            consumer.subscribe(List.of(from));
            long copied = 0;
            long txStarted = 0;
            boolean open = false;
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            while (copied < records || open) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(50));
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    if (!open) {
                        producer.beginTransaction();
                        open = true;
                        txStarted = System.nanoTime();
                    }
                    producer.send(new ProducerRecord<>(to, r.key(), r.value()));
                    offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    copied++;
                }
                if (open && (System.nanoTime() - txStarted > 200_000_000L || copied >= records)) {
                    producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                    producer.commitTransaction();
                    offsets.clear();
                    open = false;
                }
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }
}
