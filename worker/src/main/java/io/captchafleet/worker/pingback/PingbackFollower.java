package io.captchafleet.worker.pingback;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.common.serde.RecordFormatException;
import io.captchafleet.worker.kafka.KafkaClients;
import io.captchafleet.worker.solver.Solver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the pingbacks topic on its own thread (like the halt watcher: assigned, no group, every partition)
 * and hands each callback to the process's solver, which applies those of the solver ids it holds and
 * counts the rest. It starts at the end: a callback for a task this process did not hold when it came is
 * not its business, and a task it takes over later is polled. A record it cannot read is counted and
 * skipped: a callback only spares a poll, so none is lost by it.
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread.
 */
final class PingbackFollower implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PingbackFollower.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration NO_TOPIC_WAIT = Duration.ofSeconds(1);

    private final KafkaSettings kafka;
    private final String topic;
    private final KafkaClients clients;
    private final Solver solver;
    private final String clientId;
    private final Counter unreadable;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Consumer<byte[], byte[]> consumer;

    PingbackFollower(KafkaSettings kafka, String topic, KafkaClients clients, Solver solver, String clientId, MeterRegistry registry) {
        this.kafka = kafka;
        this.topic = topic;
        this.clients = clients;
        this.solver = solver;
        this.clientId = clientId;
        this.unreadable = Counter.builder("captcha_fleet.pingbacks.unreadable")
                .description("Records of the pingbacks topic that could not be read").register(registry);
        this.thread = new Thread(this::run, "pingback-follower");
        this.thread.setDaemon(true);
    }

    PingbackFollower start() {
        thread.start();
        return this;
    }

    private void run() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-pingback-follower");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A callback is worth its latency: fetch as soon as one is there.
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        try (Consumer<byte[], byte[]> c = clients.consumer(kafka.clientConfig(config))) {
            consumer = c;
            List<TopicPartition> partitions = partitions(c);
            if (partitions.isEmpty()) {
                return;
            }
            c.assign(partitions);
            c.seekToEnd(partitions);
            log.info("Following provider callbacks on {} ({} partitions)", topic, partitions.size());
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
                    apply(r);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("Pingback follower woken unexpectedly: callbacks are no longer applied here, tasks are polled", e);
            }
        } catch (RuntimeException e) {
            log.error("Pingback follower stopped: callbacks are no longer applied here, tasks are polled ({})", e.toString());
        } finally {
            stopped.countDown();
        }
    }

    /** The topic's partitions, waiting (a second at a time) while it does not exist; empty once stopped. */
    private List<TopicPartition> partitions(Consumer<byte[], byte[]> c) {
        boolean said = false;
        while (running) {
            List<PartitionInfo> infos = c.partitionsFor(topic);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            }
            if (!said) {
                said = true;
                log.warn("Topic {} does not exist yet: callbacks are not applied (tasks are polled) until it does;"
                        + " create it with captcha-fleet topics create", topic);
            }
            try {
                if (stopRequested.await(NO_TOPIC_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    return List.of();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return List.of();
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        PingbackRecord callback;
        try {
            callback = PingbackRecord.read(r.value());
        } catch (RecordFormatException | NullPointerException e) {
            unreadable.increment();
            log.warn("Skipping an unreadable callback at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return;
        }
        solver.callback(callback.solverId(), callback.code());
    }

    @Override
    public void close() {
        running = false;
        stopRequested.countDown();
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            if (!stopped.await(10, TimeUnit.SECONDS)) {
                log.warn("Pingback follower did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
