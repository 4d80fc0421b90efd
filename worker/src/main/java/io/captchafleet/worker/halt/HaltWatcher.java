package io.captchafleet.worker.halt;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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
 * order) and keeps the fleet's halt state for every worker in the process. Until it has read to the end
 * once, it reports the fleet as halted: a worker must not submit on a state it has not read yet.
 *
 * <p>Each state change is handed to a listener (the solver's submit gate), so that a RESUME opens the
 * gate and a FATAL seen from another worker closes it. Thread-safe: the state is published through a
 * volatile field.
 */
public final class HaltWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HaltWatcher.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaSettings kafka;
    private final String topic;
    private final KafkaClients clients;
    private final Consumer<FleetState> listener;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile FleetState state = FleetState.initial();
    private volatile boolean caughtUp;
    private volatile boolean running = true;
    private volatile org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;

    /**
     * @param topic    the fatal-errors topic
     * @param listener told of every new state, on the watcher thread (keep it quick)
     */
    public HaltWatcher(KafkaSettings kafka, String topic, KafkaClients clients, Consumer<FleetState> listener) {
        this.kafka = kafka;
        this.topic = topic;
        this.clients = clients;
        this.listener = listener;
        this.thread = new Thread(this::run, "halt-watcher");
        this.thread.setDaemon(true);
    }

    public HaltWatcher start() {
        thread.start();
        return this;
    }

    /** Whether the fleet must not take new work: halted, or not yet known. */
    public boolean halted() {
        return !caughtUp || state.halted();
    }

    /** Whether the watcher has read the topic to its end at least once. */
    public boolean caughtUp() {
        return caughtUp;
    }

    public FleetState state() {
        return state;
    }

    private void run() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "halt-watcher");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
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
                        listener.accept(state);
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("Halt watcher woken unexpectedly", e);
            }
        } catch (RuntimeException e) {
            log.error("Halt watcher stopped: the fleet state can no longer be followed; treating the fleet as halted", e);
            caughtUp = false;
        } finally {
            stopped.countDown();
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        try {
            FleetState before = state;
            state = before.apply(r.offset(), FleetEventCodec.read(r.value()));
            if (before.halted() != state.halted()) {
                log.warn("Fleet {} (event at offset {})", state.halted() ? state.describe() : "resumed", r.offset());
            }
            if (caughtUp) {
                listener.accept(state);
            }
        } catch (RecordFormatException e) {
            log.warn("Ignoring unreadable fleet event at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
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
