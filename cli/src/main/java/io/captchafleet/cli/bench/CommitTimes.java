package io.captchafleet.cli.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.common.serde.RecordFormatException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Times, for every solved outcome of a batch, how long after its answer was ready at the simulator the
 * outcome was committed: a read_committed consumer on a thread of its own tails the results topic from the
 * moment it starts and notes when each outcome arrives. Stop it with {@link #close()}, then read the figures.
 */
final class CommitTimes implements AutoCloseable {
    private final String bootstrap;
    private final String topic;
    private final String batch;
    private final Function<String, Optional<Instant>> readyAt;
    private final List<Long> millis = new ArrayList<>(); // guarded by itself
    private final List<Long> toAnswer = new ArrayList<>(); // guarded by millis
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Consumer<byte[], byte[]> consumer;
    private volatile boolean assigned;

    /** @param readyAt when the simulator had the answer of a solver id */
    CommitTimes(String bootstrap, String resultsTopic, String batch, Function<String, Optional<Instant>> readyAt) {
        this.bootstrap = bootstrap;
        this.topic = resultsTopic;
        this.batch = batch;
        this.readyAt = readyAt;
        this.thread = new Thread(this::run, "bench-commit-times");
        this.thread.setDaemon(true);
    }

    /** Starts tailing; returns once the consumer sits at the end of every partition. */
    CommitTimes start() throws InterruptedException {
        thread.start();
        Waits.until(() -> assigned, Duration.ofSeconds(60), "the results follower");
        return this;
    }

    private void run() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        try (Consumer<byte[], byte[]> c = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            List<TopicPartition> tps = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(tps);
            c.seekToEnd(tps);
            tps.forEach(c::position);
            assigned = true;
            while (running) {
                var records = c.poll(Duration.ofMillis(100));
                long now = System.currentTimeMillis();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    note(r, now);
                }
            }
        } catch (WakeupException e) {
            // closing
        }
    }

    private void note(ConsumerRecord<byte[], byte[]> r, long arrivedMs) {
        if (r.value() == null) {
            return;
        }
        try {
            Outcome o = OutcomeCodec.read(r.value());
            if (o.batch().equals(batch) && o.status() == OutcomeStatus.SOLVED && o.solverTaskId() != null) {
                readyAt.apply(o.solverTaskId()).ifPresent(ready -> {
                    synchronized (millis) {
                        millis.add(arrivedMs - ready.toEpochMilli());
                        if (o.solvedAt() != null) {
                            toAnswer.add(o.solvedAt().toEpochMilli() - ready.toEpochMilli());
                        }
                    }
                });
            }
        } catch (RecordFormatException e) {
            // not an outcome this bench wrote: not timed
        }
    }

    /** How many solved outcomes were timed. */
    int count() {
        synchronized (millis) {
            return millis.size();
        }
    }

    /** The p-th percentile of the times in milliseconds, or -1 with none. */
    long percentile(int p) {
        return percentile(millis, p);
    }

    /** The p-th percentile of the part until the worker's solver had the answer (the outcome's {@code solved_at}). */
    long answerPercentile(int p) {
        return percentile(toAnswer, p);
    }

    private long percentile(List<Long> of, int p) {
        List<Long> sorted;
        synchronized (millis) {
            sorted = new ArrayList<>(of);
        }
        sorted.sort(null);
        return HaltLatencyScenario.percentile(sorted, p);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        thread.join(10_000);
    }
}
