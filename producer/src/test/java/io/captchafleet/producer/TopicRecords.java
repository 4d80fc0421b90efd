package io.captchafleet.producer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.common.topics.TopicCreator;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.common.topics.TopicSettings;
import io.captchafleet.producer.kafka.KafkaClients;
import io.captchafleet.producer.kafka.TopicScan;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Test helpers that read and write the fleet's topics directly, to set up and check states. */
public final class TopicRecords {
    private TopicRecords() {
    }

    /** Creates every topic of the layout with {@code partitions} partitions. */
    public static void create(String bootstrap, TopicLayout layout, int partitions) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            new TopicCreator(admin).ensure(layout, TopicSettings.defaults().withPartitions(partitions));
        }
    }

    /** Every committed record of {@code topic} now. */
    public static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, String topic) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (Consumer<byte[], byte[]> c = KafkaClients.of(KafkaSettings.of(bootstrap)).reader()) {
            TopicScan.fromBeginning(c, List.of(topic)).toEnd(all::add);
        }
        return all;
    }

    public static List<String> values(String bootstrap, String topic) {
        return read(bootstrap, topic).stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    /** Writes records outside any transaction, each {@code {key, value}}; returns after every one is acknowledged. */
    public static void write(String bootstrap, String topic, List<String[]> keyValues) {
        try (Producer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String[] kv : keyValues) {
                p.send(new ProducerRecord<>(topic, null, kv[0] == null ? null : bytes(kv[0]), kv[1] == null ? null : bytes(kv[1])));
            }
            p.flush();
        }
    }

    /** Writes one record with headers. */
    public static void write(String bootstrap, String topic, String key, byte[] value, Map<String, String> headers) {
        RecordHeaders h = new RecordHeaders();
        headers.forEach((k, v) -> h.add(k, bytes(v)));
        try (Producer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(topic, null, bytes(key), value, h));
            p.flush();
        }
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static Duration patience() {
        return Duration.ofSeconds(30);
    }
}
