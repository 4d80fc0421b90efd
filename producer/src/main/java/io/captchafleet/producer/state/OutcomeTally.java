package io.captchafleet.producer.state;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.TaskIds;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.common.serde.RecordFormatException;
import io.captchafleet.common.topics.ResultHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds records of the results topic, in offset order, into one {@link BatchTally} per batch: the
 * latest record of a task wins, a tombstone removes it. Only batches accepted by the filter are kept.
 * Not thread-safe.
 */
public final class OutcomeTally {
    private static final Logger log = LoggerFactory.getLogger(OutcomeTally.class);
    private final Optional<String> onlyBatch;
    private final Map<String, BatchTally> batches = new TreeMap<>();
    private long unreadable;

    /** @param onlyBatch keep this batch only; empty keeps every batch */
    public OutcomeTally(Optional<String> onlyBatch) {
        this.onlyBatch = onlyBatch;
    }

    public void accept(ConsumerRecord<byte[], byte[]> r) {
        if (r.key() == null) {
            return;
        }
        String taskId = new String(r.key(), StandardCharsets.UTF_8);
        String batch = TaskIds.batchOf(taskId);
        if (onlyBatch.isPresent() && !onlyBatch.get().equals(batch)) {
            return;
        }
        if (r.value() == null) {
            BatchTally t = batches.get(batch);
            if (t != null) {
                t.remove(taskId);
            }
            return;
        }
        Outcome o;
        try {
            o = OutcomeCodec.read(r.value());
        } catch (RecordFormatException e) {
            if (unreadable++ == 0) {
                log.warn("Skipping unreadable outcomes on {}, the first at partition {} offset {}: {}",
                        r.topic(), r.partition(), r.offset(), e.getMessage());
            }
            return;
        }
        BatchTally tally = batches.computeIfAbsent(batch, b -> new BatchTally());
        tally.apply(o, r.timestamp());
        Header balance = r.headers().lastHeader(ResultHeaders.BALANCE);
        if (balance != null) {
            tally.balanceSeen(new String(balance.value(), StandardCharsets.UTF_8), r.timestamp());
        }
    }

    /** The tally of {@code batch}; empty (all zero) when it has no outcomes yet. */
    public BatchTally of(String batch) {
        return batches.computeIfAbsent(batch, b -> new BatchTally());
    }

    /** Outcome records that could not be read and were skipped. */
    public long unreadable() {
        return unreadable;
    }
}
