package io.captchafleet.worker.loop;

import java.time.Duration;
import java.util.Objects;
import java.util.stream.Stream;

import io.captchafleet.worker.WorkerSettings;
import io.captchafleet.worker.kafka.ClientConfigs;
import io.captchafleet.worker.kafka.KafkaClients;
import io.captchafleet.worker.metrics.WorkerMetrics;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop's Kafka consumers, made through the {@link KafkaClients} seam and closed together: the group
 * member (which leaves the group on close, so its partitions move at once), the group-less reader of log
 * ends, and (made on first use: only reports need it) the group-less reader of single outcomes. The transactional producer is the {@link io.captchafleet.worker.loop.tx.Transactions}
 * boundary's; it is made here too. Created and closed on the loop thread.
 */
final class LoopClients implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LoopClients.class);

    final Consumer<byte[], byte[]> consumer;
    final Consumer<byte[], byte[]> logEnds;
    private final KafkaClients clients;
    private final WorkerSettings settings;
    private final AutoCloseable consumerMetrics;
    private Consumer<byte[], byte[]> outcomes;

    LoopClients(KafkaClients clients, WorkerSettings settings, WorkerMetrics metrics) {
        this.clients = clients;
        this.settings = settings;
        this.consumer = clients.consumer(ClientConfigs.loopConsumer(settings));
        this.logEnds = clients.consumer(ClientConfigs.logEndReader(settings));
        this.consumerMetrics = metrics.bindKafkaClient(consumer);
    }

    /** The reader of single outcomes, made the first time it is asked for. */
    Consumer<byte[], byte[]> outcomeReader() {
        if (outcomes == null) {
            outcomes = clients.consumer(ClientConfigs.outcomeReader(settings));
        }
        return outcomes;
    }

    /** A new transactional producer (the boundary makes one again after a fatal state). */
    Producer<byte[], byte[]> transactionalProducer() {
        return clients.producer(ClientConfigs.loopProducer(settings));
    }

    /** Leaves the group and closes both consumers, waiting at most half the shutdown time-out. */
    @Override
    public void close() {
        try {
            consumerMetrics.close();
        } catch (Exception e) {
            log.debug("Kafka client metrics did not close: {}", e.toString());
        }
        Duration timeout = settings.shutdownTimeout().dividedBy(2);
        try {
            consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(timeout));
        } catch (RuntimeException e) {
            log.warn("Consumer did not close cleanly: {}", e.toString());
        }
        for (Consumer<byte[], byte[]> reader : Stream.of(logEnds, outcomes).filter(Objects::nonNull).toList()) {
            try {
                reader.close(CloseOptions.timeout(Duration.ZERO));
            } catch (RuntimeException e) {
                log.debug("A group-less reader did not close cleanly: {}", e.toString());
            }
        }
    }
}
