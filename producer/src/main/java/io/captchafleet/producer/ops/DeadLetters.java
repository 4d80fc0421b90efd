package io.captchafleet.producer.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.producer.kafka.FleetTopics;
import io.captchafleet.producer.kafka.KafkaClients;
import io.captchafleet.producer.kafka.TopicScan;
import io.captchafleet.producer.kafka.Transactions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code dead-letters}: lists the dead-letter topic, and replays the records whose value now reads as
 * a task record to the topic they came from. A replay handles each dead letter once: the consumer group
 * {@code <prefix>-dead-letter-replay} remembers how far replays have gone, and its offsets are committed
 * in the same transaction as the replayed records, so a crash mid-replay replays nothing twice. Records
 * still unreadable are reported and passed over; they stay on the topic and in the list. Runs on the
 * calling thread.
 */
public final class DeadLetters {
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(5);

    private final KafkaClients clients;
    private final TopicLayout layout;

    public DeadLetters(KafkaClients clients, TopicLayout layout) {
        this.clients = clients;
        this.layout = layout;
    }

    /** The replay group's id. */
    public String replayGroup() {
        return layout.prefix() + "-dead-letter-replay";
    }

    /** Hands every dead letter to {@code each}, oldest first within each partition; returns how many there were. */
    public long list(Consumer<DeadLetter> each) {
        requireTopics();
        long[] count = {0};
        try (org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer = clients.reader()) {
            TopicScan.fromBeginning(consumer, List.of(layout.deadLetter())).toEnd(r -> {
                count[0]++;
                each.accept(DeadLetter.of(r));
            });
        }
        return count[0];
    }

    /** What a replay did. */
    public record Replay(long replayed, List<DeadLetter> unreadable) {

        public String describe() {
            StringBuilder sb = new StringBuilder("Replayed ").append(replayed).append(replayed == 1 ? " dead letter" : " dead letters")
                    .append(" to the topics they came from");
            if (unreadable.isEmpty()) {
                return sb.append('.').toString();
            }
            sb.append("; ").append(unreadable.size()).append(" still unreadable (left on the dead-letter topic):");
            for (DeadLetter d : unreadable) {
                sb.append("\n  ").append(d.describe()).append("\n    now: ").append(d.problemNow());
            }
            return sb.toString();
        }
    }

    /** Replays what reads correctly now and has not been replayed before, in one transaction. */
    public Replay replay() {
        requireTopics();
        List<DeadLetter> unreadable = new ArrayList<>();
        long[] replayed = {0};
        try (org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer = clients.groupReader(replayGroup());
                Producer<byte[], byte[]> producer = clients.transactionalProducer(replayGroup(), TRANSACTION_TIMEOUT)) {
            producer.initTransactions();
            List<TopicPartition> partitions = TopicScan.partitionsOf(consumer, List.of(layout.deadLetter()));
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(partitions));
            Map<TopicPartition, Long> starts = new HashMap<>();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata c = committed.get(tp);
                starts.put(tp, c == null ? 0L : c.offset());
            }
            producer.beginTransaction();
            try {
                TopicScan.from(consumer, starts).toEnd(r -> {
                    DeadLetter d = DeadLetter.of(r);
                    if (d.readableNow() && layout.inputTopics().contains(d.sourceTopic())) {
                        producer.send(new ProducerRecord<>(d.sourceTopic(), r.key(), r.value()));
                        replayed[0]++;
                    } else {
                        unreadable.add(d.readableNow() ? notReplayable(d) : d);
                    }
                });
                Map<TopicPartition, OffsetAndMetadata> progress = new HashMap<>();
                for (TopicPartition tp : partitions) {
                    progress.put(tp, new OffsetAndMetadata(consumer.position(tp)));
                }
                producer.sendOffsetsToTransaction(progress, consumer.groupMetadata());
                producer.commitTransaction();
            } catch (KafkaException e) {
                Transactions.abortQuietly(producer);
                throw e;
            }
        }
        return new Replay(replayed[0], unreadable);
    }

    /** A readable record without a usable source topic cannot go back: say so instead of guessing. */
    private DeadLetter notReplayable(DeadLetter d) {
        return new DeadLetter(d.partition(), d.offset(), d.key(), d.reason(), d.sourceTopic(), d.sourcePartition(),
                d.sourceOffset(), d.worker(), d.at(), "its source topic " + d.sourceTopic() + " is not one of the fleet's input topics",
                d.value());
    }

    private void requireTopics() {
        try (Admin admin = clients.admin()) {
            FleetTopics.require(admin, layout);
        }
    }
}
