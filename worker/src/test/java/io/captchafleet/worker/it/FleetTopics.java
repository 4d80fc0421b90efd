package io.captchafleet.worker.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.common.serde.TaskCodec;
import io.captchafleet.common.topics.TopicCreator;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.common.topics.TopicSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Test access to a fleet's topics on a real broker: creates them, publishes tasks the way {@code submit}
 * does (one transaction), reads the results topic back (read_committed, latest per task), and measures
 * the worker group's lag.
 */
public final class FleetTopics implements AutoCloseable {
    private final String bootstrap;
    private final TopicLayout layout;
    private final Admin admin;

    public FleetTopics(String bootstrap, TopicLayout layout, int partitions) {
        this.bootstrap = bootstrap;
        this.layout = layout;
        this.admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
        new TopicCreator(admin).ensure(layout, TopicSettings.defaults().withPartitions(partitions));
    }

    public TopicLayout layout() {
        return layout;
    }

    /** Changes one setting of an existing topic, as an operator would with kafka-configs. */
    public void alterTopic(String topic, String key, String value) {
        try {
            admin.incrementalAlterConfigs(Map.of(new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic), List.of(new org.apache.kafka.clients.admin.AlterConfigOp(
                    new org.apache.kafka.clients.admin.ConfigEntry(key, value), org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET))))
                    .all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("could not set " + key + " of " + topic, e.getCause());
        }
    }

    /** Publishes tasks in one transaction, as {@code submit} does. */
    public void publish(List<TaskRecord> tasks) {
        publishRaw(tasks.stream().map(t -> new ProducerRecord<>(layout.tasks(), bytes(t.taskId()), TaskCodec.write(t)))
                .collect(Collectors.toList()));
    }

    /** Publishes arbitrary records (e.g. poison) in one transaction. */
    public void publishRaw(List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-submit-" + UUID.randomUUID()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            p.initTransactions();
            p.beginTransaction();
            records.forEach(p::send);
            p.commitTransaction();
        }
    }

    /** The latest committed outcome per task id. */
    public Map<String, Outcome> latestOutcomes() {
        Map<String, Outcome> latest = new HashMap<>();
        readAll(layout.results(), r -> {
            Outcome o = OutcomeCodec.read(r.value());
            latest.put(o.taskId(), o);
        });
        return latest;
    }

    /** How many terminal (solved or failed) records the results topic holds per task, compaction aside. */
    public Map<String, Integer> terminalRecordsPerTask() {
        Map<String, Integer> counts = new HashMap<>();
        readAll(layout.results(), r -> {
            Outcome o = OutcomeCodec.read(r.value());
            if (o.status().terminal()) {
                counts.merge(o.taskId(), 1, Integer::sum);
            }
        });
        return counts;
    }

    /** Every committed record of a topic, in partition order. */
    public List<ConsumerRecord<byte[], byte[]>> records(String topic) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        readAll(topic, all::add);
        return all;
    }

    /** Every committed task record of the retry topics. */
    public List<TaskRecord> retryRecords() {
        List<TaskRecord> all = new ArrayList<>();
        for (String topic : layout.inputTopics()) {
            if (!topic.equals(layout.tasks())) {
                readAll(topic, r -> all.add(TaskCodec.read(r.value())));
            }
        }
        return all;
    }

    private void readAll(String topic, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    sink.accept(r);
                }
            }
        }
    }

    /** The worker group's lag on the input topics: end offsets minus committed offsets. */
    public long lag() throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(layout.workerGroup())
                .partitionsToOffsetAndMetadata().get();
        Set<TopicPartition> inputs = new java.util.HashSet<>();
        for (String topic : layout.inputTopics()) {
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> inputs.add(new TopicPartition(topic, p.partition())));
        }
        Map<TopicPartition, OffsetSpec> latest = inputs.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get();
        long lag = 0;
        for (TopicPartition tp : inputs) {
            OffsetAndMetadata c = committed.get(tp);
            lag += ends.get(tp).offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        admin.close();
    }
}
