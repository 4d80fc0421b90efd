package io.captchafleet.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Transactions as the workers write them, without the workers: each of a few transactional producers
 * loops writing one record to its partition of {@code out} and its consumed offsets of {@code in} for
 * {@code group} in one transaction, with a short transaction time-out. What a commit acknowledged is kept,
 * so a test can check after a broker kill that the restarted broker lost none of it. Each producer runs on
 * its own thread until {@link #close()} or the first error (the broker went away).
 */
final class TransactionLoad implements AutoCloseable {
    static final String GROUP = "load";

    private final List<Thread> threads = new ArrayList<>();
    private final List<KafkaProducer<String, String>> producers = new ArrayList<>();
    private final AtomicLong commits = new AtomicLong();
    /** Per input partition, the offset a committed transaction last wrote. */
    private final Map<TopicPartition, Long> committedOffsets = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    private TransactionLoad() {
    }

    /** Starts {@code producers} producers, producer i writing partition i of {@code out} and committing partition i of {@code in}. */
    static TransactionLoad start(String bootstrapServers, String in, String out, int producers) {
        TransactionLoad load = new TransactionLoad();
        for (int i = 0; i < producers; i++) {
            KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, "load-" + i,
                    ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 3_000,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000), new StringSerializer(), new StringSerializer());
            load.producers.add(producer);
            TopicPartition input = new TopicPartition(in, i);
            int partition = i;
            Thread t = new Thread(() -> load.run(producer, out, partition, input), "transaction-load-" + i);
            t.setDaemon(true);
            load.threads.add(t);
            t.start();
        }
        return load;
    }

    /** Transactions committed so far, all producers together. */
    long commits() {
        return commits.get();
    }

    /** What the committed transactions wrote, per input partition. */
    Map<TopicPartition, Long> committedOffsets() {
        return Map.copyOf(committedOffsets);
    }

    private void run(KafkaProducer<String, String> producer, String out, int partition, TopicPartition input) {
        try {
            producer.initTransactions();
            for (long n = 1; running; n++) {
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(out, partition, "k" + n, "v" + n));
                producer.sendOffsetsToTransaction(Map.of(input, new OffsetAndMetadata(n)), new ConsumerGroupMetadata(GROUP));
                producer.commitTransaction();
                committedOffsets.put(input, n);
                commits.incrementAndGet();
            }
        } catch (KafkaException | IllegalStateException e) {
            // The broker is gone, or close() closed the producer under this thread: done, as a killed worker would be.
        }
    }

    /** Stops every producer at once, as a kill would: nothing more is committed or aborted. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        producers.forEach(p -> p.close(Duration.ZERO));
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(30).toMillis());
        }
    }
}
