package io.captchafleet.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.sandbox.junit.TestKafka;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A fleet of its own on the test broker for one test: a fresh topic prefix, the environment that
 * points every command at it (two partitions, so topics are made quickly), and records written the
 * way workers would leave them.
 */
record CliCluster(String bootstrap, TopicLayout layout, Map<String, String> env) {

    static CliCluster on(TestKafka kafka) {
        TopicLayout layout = TopicLayout.withDefaults(kafka.newTopicPrefix());
        return new CliCluster(kafka.bootstrapServers(), layout, Map.of("CAPTCHA_FLEET_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "CAPTCHA_FLEET_TOPIC_PREFIX", layout.prefix(), "CAPTCHA_FLEET_PARTITIONS", "2"));
    }

    /** Writes outcomes to the results topic, as workers do. */
    void outcomes(Outcome... outcomes) {
        for (Outcome o : outcomes) {
            send(layout.results(), o.taskId(), OutcomeCodec.write(o), new RecordHeaders());
        }
    }

    /** The latest value of every key of a topic (null for a key whose latest record is a tombstone), committed records only. */
    Map<String, byte[]> latestValues(String topic) {
        Map<String, byte[]> latest = new java.util.HashMap<>();
        try (Consumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap, "isolation.level", "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = c.endOffsets(tps);
            while (tps.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
                c.poll(Duration.ofMillis(200)).forEach(r -> latest.put(new String(r.key(), StandardCharsets.UTF_8), r.value()));
            }
        }
        return latest;
    }

    /** Where the topic's partitions end, added up: 0 while nothing was ever written to it. */
    long endOffsets(String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            var partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    void send(String topic, String key, byte[] value, Headers headers) {
        try (Producer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(topic, null, key.getBytes(StandardCharsets.UTF_8), value, headers));
            p.flush();
        }
    }
}
