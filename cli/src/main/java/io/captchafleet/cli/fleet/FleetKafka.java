package io.captchafleet.cli.fleet;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.serde.FleetEventCodec;
import io.captchafleet.common.topics.TopicCreator;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.common.topics.TopicSettings;
import io.captchafleet.producer.input.TaskFile;
import io.captchafleet.producer.kafka.KafkaClients;
import io.captchafleet.producer.kafka.TopicScan;
import io.captchafleet.producer.ops.FleetControl;
import io.captchafleet.producer.progress.Progress;
import io.captchafleet.producer.submit.SubmitOptions;
import io.captchafleet.producer.submit.SubmitResult;
import io.captchafleet.producer.submit.Submitter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The harness's access to the fleet's topics, through the producer module's own code paths: topic
 * creation, {@code submit} of a task file, {@code halt}/{@code resume}, and reading the results,
 * fleet-event and dead-letter topics (read_committed). Clients are made per call, so a broker restart
 * in between costs nothing. Driven by one thread.
 */
public final class FleetKafka {
    private final KafkaClients clients;
    private final TopicLayout layout;

    public FleetKafka(String bootstrapServers, TopicLayout layout) {
        this.clients = KafkaClients.of(KafkaSettings.of(bootstrapServers));
        this.layout = layout;
    }

    public TopicLayout layout() {
        return layout;
    }

    public KafkaClients clients() {
        return clients;
    }

    /** Creates every topic of the layout with this many partitions (idempotent). */
    public void createTopics(int partitions) {
        try (Admin admin = clients.admin()) {
            new TopicCreator(admin).ensure(layout, TopicSettings.defaults().withPartitions(partitions));
        }
    }

    /** {@code submit FILE --batch ID}: validation, then one transaction. */
    public SubmitResult submit(Path file, String batch) {
        try (TaskFile tasks = TaskFile.open(file.toString(), new ByteArrayInputStream(new byte[0]))) {
            return new Submitter(clients, layout).submit(tasks, SubmitOptions.builder().batch(batch).build(), Progress.none());
        }
    }

    /** A follower of the results topic for one batch. */
    public ResultsAudit audit(String batch) {
        return new ResultsAudit(clients, layout.results(), batch);
    }

    /** {@code resume}: a RESUME event from an operator. */
    public FleetControl.Change resume(String reason) {
        return new FleetControl(clients, layout, "harness").resume(reason);
    }

    /** Every committed fleet event, in order. */
    public List<FleetEvent> fleetEvents() {
        List<FleetEvent> events = new ArrayList<>();
        try (Consumer<byte[], byte[]> c = clients.reader()) {
            TopicScan.fromBeginning(c, List.of(layout.fatalErrors())).toEnd(r -> events.add(FleetEventCodec.read(r.value())));
        }
        return events;
    }

    /** How many committed records a topic holds. */
    public long count(String topic) {
        long[] n = {0};
        try (Consumer<byte[], byte[]> c = clients.reader()) {
            TopicScan.fromBeginning(c, List.of(topic)).toEnd(r -> n[0]++);
        }
        return n[0];
    }

    /** Writes records straight into a topic in one transaction, bypassing {@code submit}'s checks. */
    public void publishRaw(List<ProducerRecord<byte[], byte[]>> records) {
        try (Producer<byte[], byte[]> p = clients.transactionalProducer("harness-raw-" + UUID.randomUUID(), Duration.ofMinutes(1))) {
            p.initTransactions();
            p.beginTransaction();
            records.forEach(p::send);
            p.commitTransaction();
        }
    }
}
