package io.captchafleet.worker.loop.tx;

import java.time.Duration;
import java.util.function.Supplier;

import io.captchafleet.worker.metrics.WorkerMetrics;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop's transactional producer, replaced by a fresh one with the same {@code transactional.id}
 * when it has entered a fatal state that no abort leaves (after a broker restart, say, the coordinator
 * may have aborted its timed-out transaction under it). The new one's {@code initTransactions} ends
 * whatever the old one left open; the pending batch is simply sent again. The first one starts lazily
 * too, so a worker started while the cluster is away waits for it instead of failing. Confined to the
 * loop thread.
 */
final class TransactionalProducer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TransactionalProducer.class);

    private static final long FENCING_WINDOW_MS = 60_000;

    private final Supplier<Producer<byte[], byte[]>> factory;
    private final WorkerMetrics metrics;

    private Producer<byte[], byte[]> current;
    private long lastFencedMs = Long.MIN_VALUE / 2;
    private AutoCloseable currentMetrics;

    TransactionalProducer(Supplier<Producer<byte[], byte[]>> factory, WorkerMetrics metrics) {
        this.factory = factory;
        this.metrics = metrics;
    }

    /**
     * The producer, or null while one cannot start yet (its {@code initTransactions} failed, e.g. with the
     * broker away): the caller tries again later.
     *
     * @throws ProducerFencedException   when a newer producer with this transactional id exists: a twin
     * @throws FencedInstanceIdException the same, seen through the group
     */
    Producer<byte[], byte[]> get() {
        if (current == null) {
            Producer<byte[], byte[]> next = factory.get();
            try {
                next.initTransactions();
            } catch (ProducerFencedException | FencedInstanceIdException e) {
                next.close(Duration.ZERO);
                throw e;
            } catch (KafkaException e) {
                next.close(Duration.ZERO);
                log.warn("The transactional producer could not start yet: {}", e.toString());
                return null;
            }
            current = next;
            currentMetrics = metrics.bindKafkaClient(current);
        }
        return current;
    }

    /**
     * After a fencing: the transaction coordinator also fences a producer whose transaction it aborted
     * for running past its time-out (a broker restart can do that), so the first fencing in a while is
     * answered with a new producer. Returns false when this producer was fenced within the last
     * {@value #FENCING_WINDOW_MS} ms already: then another live worker has this transactional id.
     */
    boolean replaceAfterFencing(String why, long nowMs) {
        if (nowMs - lastFencedMs < FENCING_WINDOW_MS) {
            return false;
        }
        lastFencedMs = nowMs;
        replace("fenced (" + why + "); a second fencing within " + FENCING_WINDOW_MS / 1000 + " s means a twin");
        return true;
    }

    /** Closes the broken producer at once; the next {@link #get()} starts another. */
    void replace(String why) {
        log.warn("Replacing the transactional producer: {}", why);
        close(Duration.ZERO);
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }

    void close(Duration timeout) {
        if (current == null) {
            return;
        }
        try {
            currentMetrics.close();
        } catch (Exception e) {
            log.debug("Producer metrics did not close: {}", e.toString());
        }
        try {
            current.close(timeout);
        } catch (RuntimeException e) {
            log.warn("Producer did not close cleanly: {}", e.toString());
        }
        current = null;
    }
}
