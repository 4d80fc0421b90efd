package io.captchafleet.worker.halt;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.common.fleet.FleetState;
import io.captchafleet.common.serde.FleetEventCodec;
import io.captchafleet.common.serde.RecordFormatException;
import io.captchafleet.worker.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the fatal-errors topic on its own thread (assigned, no group, from the beginning, in offset
 * order) and feeds the fleet's state to the process's {@link HaltState}: once it has read to the end,
 * then after every event. Until then the halt state keeps the process halted: a worker must not submit
 * on a state it has not read yet. An event it cannot read (a newer version, garbage) halts the fleet as
 * an operator's HALT would, naming its offset; it is never skipped.
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread.
 */
public final class HaltWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HaltWatcher.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaSettings kafka;
    private final String topic;
    private final KafkaClients clients;
    private final HaltState halt;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
    private FleetState state = FleetState.initial(); // watcher thread only
    private boolean caughtUp; // watcher thread only

    /** @param topic the fatal-errors topic */
    public HaltWatcher(KafkaSettings kafka, String topic, KafkaClients clients, HaltState halt) {
        this.kafka = kafka;
        this.topic = topic;
        this.clients = clients;
        this.halt = halt;
        this.thread = new Thread(this::run, "halt-watcher");
        this.thread.setDaemon(true);
    }

    public HaltWatcher start() {
        thread.start();
        return this;
    }

    private void run() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "halt-watcher");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A new event completes the broker's waiting fetch at once, so a longer wait costs no latency, only fewer
        // empty fetches while nothing happens (at 50 ms they were a noticeable share of an idle worker's CPU).
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
        TopicPartition tp = new TopicPartition(topic, 0);
        try (org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> c = clients.consumer(kafka.clientConfig(config))) {
            consumer = c;
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = -1;
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
                    apply(r);
                }
                if (!caughtUp) {
                    if (end < 0) {
                        end = c.endOffsets(List.of(tp)).get(tp);
                    }
                    if (c.position(tp) >= end) {
                        caughtUp = true;
                        log.info("Fleet state read to the end of {}: {}", topic, state.describe());
                        halt.followed(state);
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("Halt watcher woken unexpectedly", e);
                halt.lost("its reader was woken unexpectedly");
            }
        } catch (RuntimeException e) {
            log.error("Halt watcher stopped: the fleet state can no longer be followed; treating the fleet as halted", e);
            halt.lost(e.toString());
        } finally {
            stopped.countDown();
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        FleetState before = state;
        try {
            state = before.apply(r.offset(), FleetEventCodec.read(r.value()));
        } catch (RecordFormatException e) {
            log.error("Cannot read the fleet event at {}-{}@{}: {}. Halting as for an operator's HALT: upgrade captcha-fleet,"
                    + " or resume the fleet once the event is understood", r.topic(), r.partition(), r.offset(), e.getMessage());
            state = before.unreadable(r.offset(), Instant.ofEpochMilli(r.timestamp()), e.getMessage());
        }
        if (before.halted() != state.halted()) {
            log.warn("Fleet {} (event at offset {})", state.halted() ? state.describe() : "resumed", r.offset());
        }
        if (caughtUp) {
            halt.followed(state);
        }
    }

    @Override
    public void close() {
        running = false;
        var c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            if (!stopped.await(10, TimeUnit.SECONDS)) {
                log.warn("Halt watcher did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
