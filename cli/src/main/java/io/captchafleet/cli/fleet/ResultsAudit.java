package io.captchafleet.cli.fleet;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.common.serde.RecordFormatException;
import io.captchafleet.producer.kafka.KafkaClients;
import io.captchafleet.producer.kafka.TopicScan;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Follows the results topic (read_committed) of one batch and keeps, per task, its latest status, its
 * latest outcome's finish time and how many terminal records the topic holds for it, so that "every task
 * has exactly one terminal outcome" is checked on every record ever committed, not only on what
 * compaction leaves. Each {@link #catchUp()} reads on to the topic's current end. Driven by one thread
 * (it owns a consumer).
 */
public final class ResultsAudit implements AutoCloseable {
    private final Consumer<byte[], byte[]> consumer;
    private final String batch;
    private final Map<String, Entry> tasks = new HashMap<>();
    private long unreadable;

    /** What the topic says about one task. */
    private static final class Entry {
        OutcomeStatus latest;
        String error;
        int terminalRecords;
        /** The time stamp of its first terminal record (epoch ms), or -1. */
        long endedAt = -1;
    }

    /** The figures at one moment. */
    public record Snapshot(long tasksSeen, Map<OutcomeStatus, Long> byStatus, long terminal, long withSeveralTerminalRecords,
                           long unreadable, Map<String, Long> failedByError) {
        public long count(OutcomeStatus s) {
            return byStatus.getOrDefault(s, 0L);
        }
    }

    ResultsAudit(KafkaClients clients, String resultsTopic, String batch) {
        this.consumer = clients.reader();
        this.batch = batch;
        TopicScan.fromBeginning(consumer, java.util.List.of(resultsTopic));
    }

    /** Reads every record committed so far; returns the figures. */
    public Snapshot catchUp() {
        TopicScan.continuing(consumer).toEnd(this::apply);
        return snapshot();
    }

    public Snapshot snapshot() {
        Map<OutcomeStatus, Long> by = new EnumMap<>(OutcomeStatus.class);
        long several = 0;
        long terminal = 0;
        Map<String, Long> failed = new TreeMap<>();
        for (Entry e : tasks.values()) {
            if (e.latest == OutcomeStatus.FAILED) {
                failed.merge(String.valueOf(e.error), 1L, Long::sum);
            }
            by.merge(e.latest, 1L, Long::sum);
            if (e.latest.terminal()) {
                terminal++;
            }
            if (e.terminalRecords > 1) {
                several++;
            }
        }
        return new Snapshot(tasks.size(), by, terminal, several, unreadable, failed);
    }

    /** When each task that ended did so: its first terminal record's time stamp (epoch ms, the writer's clock), unsorted. */
    public java.util.List<Long> endTimes() {
        return tasks.values().stream().filter(e -> e.endedAt >= 0).map(e -> e.endedAt).toList();
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        Outcome o;
        try {
            o = OutcomeCodec.read(r.value());
        } catch (RecordFormatException e) {
            unreadable++;
            return;
        }
        if (!o.batch().equals(batch)) {
            return;
        }
        Entry e = tasks.computeIfAbsent(o.taskId(), k -> new Entry());
        e.latest = o.status();
        e.error = o.error();
        if (o.status().terminal()) {
            e.terminalRecords++;
            if (e.endedAt < 0) {
                e.endedAt = r.timestamp();
            }
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
