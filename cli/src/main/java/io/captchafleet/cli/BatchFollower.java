package io.captchafleet.cli;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.producer.kafka.KafkaClients;
import io.captchafleet.producer.state.BatchTally;
import io.captchafleet.producer.state.OutcomeTally;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Follows one batch on the results topic (read_committed, from the beginning) and keeps its tally:
 * how many tasks are solved, failed, in flight. Used by {@code local} for its progress bar and for
 * deciding when the batch is done. Confined to the calling thread.
 */
final class BatchFollower implements AutoCloseable {
    private final Consumer<byte[], byte[]> consumer;
    private final OutcomeTally tally;
    private final String batch;

    BatchFollower(KafkaClients clients, TopicLayout layout, String batch) {
        this.batch = batch;
        this.tally = new OutcomeTally(Optional.of(batch));
        this.consumer = clients.reader();
        List<TopicPartition> partitions = consumer.partitionsFor(layout.results()).stream()
                .map(p -> new TopicPartition(layout.results(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads what has been committed since the last call, waiting at most {@code timeout} for it. */
    void poll(Duration timeout) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            tally.accept(r);
        }
    }

    BatchTally tally() {
        return tally.of(batch);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
