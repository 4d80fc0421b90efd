package io.captchafleet.producer.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.captchafleet.common.compact.LongLongMap;
import io.captchafleet.common.compact.TaskHash;
import io.captchafleet.common.model.BatchManifest;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskIds;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.common.serde.RecordFormatException;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.producer.kafka.FleetTopics;
import io.captchafleet.producer.kafka.KafkaClients;
import io.captchafleet.producer.kafka.TopicScan;
import io.captchafleet.producer.state.BatchTally;
import io.captchafleet.producer.state.Batches;
import io.captchafleet.producer.state.FleetStates;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports the latest outcome of every task of a batch in two passes over the compacted results topic
 * (read_committed), which may still hold older values of a key until the cleaner runs:
 *
 * <ol>
 *   <li>the keys only: per partition, the task hash → offset of its newest record (16 to 32 bytes per
 *       task, whatever the outcomes weigh);</li>
 *   <li>the records again: a record is written when it is its task's newest.</li>
 * </ol>
 *
 * Records committed after the first pass are newer than the snapshot: with {@code --follow} they are
 * written as they come, and the export goes on until {@link #stop()} or, with
 * {@code --until-complete}, until every task has a terminal outcome.
 */
public final class ResultsExporter {
    private static final Logger log = LoggerFactory.getLogger(ResultsExporter.class);
    private static final Duration FOLLOW_POLL = Duration.ofMillis(500);

    private final KafkaClients clients;
    private final TopicLayout layout;
    private volatile boolean stopped;
    private volatile Consumer<byte[], byte[]> following;

    public ResultsExporter(KafkaClients clients, TopicLayout layout) {
        this.clients = clients;
        this.layout = layout;
    }

    /**
     * @throws io.captchafleet.common.InputException when the fleet's topics or the batch do not exist
     */
    public ExportSummary export(ResultsOptions options, ResultsWriter writer) {
        BatchManifest manifest;
        try (Admin admin = clients.admin()) {
            FleetTopics.require(admin, layout);
            manifest = Batches.read(clients, layout).require(options.batch(), FleetStates.read(clients, layout));
        }
        Counter counter = new Counter(options, writer);
        BatchTally tally = new BatchTally();
        try (Consumer<byte[], byte[]> consumer = clients.reader()) {
            following = consumer;
            Map<TopicPartition, LongLongMap> newest = new HashMap<>();
            TopicScan first = TopicScan.fromBeginning(consumer, List.of(layout.results()));
            first.toEnd(r -> {
                String taskId = taskIdOf(r, options.batch());
                if (taskId != null) {
                    newest.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), tp -> new LongLongMap())
                            .put(TaskHash.of(taskId), r.offset());
                }
            });
            Map<TopicPartition, Long> snapshotEnd = first.ends();
            Map<TopicPartition, Long> starts = new HashMap<>();
            snapshotEnd.keySet().forEach(tp -> starts.put(tp, 0L));
            TopicScan.from(consumer, starts).toEnd(r -> {
                String taskId = taskIdOf(r, options.batch());
                if (taskId == null || r.value() == null) {
                    return;
                }
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                boolean inSnapshot = r.offset() < snapshotEnd.get(tp);
                LongLongMap map = newest.get(tp);
                boolean newestInSnapshot = inSnapshot && map != null && map.get(TaskHash.of(taskId)) == r.offset();
                if (newestInSnapshot || !inSnapshot) {
                    Outcome o = read(r);
                    if (o != null) {
                        tally.apply(o, r.timestamp());
                        if (newestInSnapshot || options.follow()) {
                            counter.write(o);
                        }
                    }
                }
            });
            newest.clear();
            if (options.follow()) {
                counter.flush();
                follow(consumer, options, manifest, tally, counter);
            }
        } catch (WakeupException e) {
            if (!stopped) {
                throw e;
            }
        } finally {
            following = null;
        }
        counter.finish();
        return counter.summary(manifest.batch());
    }

    private void follow(Consumer<byte[], byte[]> consumer, ResultsOptions options, BatchManifest manifest, BatchTally tally,
            Counter counter) {
        TopicScan tail = TopicScan.continuing(consumer);
        while (!stopped && !(options.untilComplete() && tally.finished() >= manifest.total())) {
            tail.pollMore(FOLLOW_POLL, r -> {
                String taskId = taskIdOf(r, options.batch());
                Outcome o = taskId == null || r.value() == null ? null : read(r);
                if (o != null) {
                    tally.apply(o, r.timestamp());
                    counter.write(o);
                }
            });
            counter.flush();
        }
    }

    /** Ends a follow from another thread (a shutdown hook); the export then finishes its output. */
    public void stop() {
        stopped = true;
        Consumer<byte[], byte[]> c = following;
        if (c != null) {
            c.wakeup();
        }
    }

    private static String taskIdOf(ConsumerRecord<byte[], byte[]> r, String batch) {
        if (r.key() == null) {
            return null;
        }
        String taskId = new String(r.key(), StandardCharsets.UTF_8);
        return TaskIds.batchOf(taskId).equals(batch) ? taskId : null;
    }

    private static Outcome read(ConsumerRecord<byte[], byte[]> r) {
        try {
            return OutcomeCodec.read(r.value());
        } catch (RecordFormatException e) {
            log.warn("Skipping an unreadable outcome at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return null;
        }
    }

    /** Writes the outcomes the options want and counts them. */
    private static final class Counter {
        private final ResultsOptions options;
        private final ResultsWriter writer;
        private long written;
        private long solved;
        private long failed;

        Counter(ResultsOptions options, ResultsWriter writer) {
            this.options = options;
            this.writer = writer;
        }

        void write(Outcome o) {
            if (!options.wants(o.status())) {
                return;
            }
            try {
                writer.write(o);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the export", e);
            }
            written++;
            if (o.status() == OutcomeStatus.SOLVED) {
                solved++;
            } else if (o.status() == OutcomeStatus.FAILED) {
                failed++;
            }
        }

        void flush() {
            try {
                writer.out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the export", e);
            }
        }

        void finish() {
            try {
                writer.finish();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the export", e);
            }
        }

        ExportSummary summary(String batch) {
            return new ExportSummary(batch, written, solved, failed);
        }
    }
}
