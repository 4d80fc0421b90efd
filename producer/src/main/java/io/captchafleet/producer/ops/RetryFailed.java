package io.captchafleet.producer.ops;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.CaptchaFleetException;
import io.captchafleet.common.compact.LongLongMap;
import io.captchafleet.common.compact.TaskHash;
import io.captchafleet.common.config.ExitCode;
import io.captchafleet.common.model.BatchManifest;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskIds;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.serde.BatchManifestCodec;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.common.serde.RecordFormatException;
import io.captchafleet.common.serde.TaskCodec;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.producer.kafka.FleetTopics;
import io.captchafleet.producer.kafka.KafkaClients;
import io.captchafleet.producer.kafka.TopicScan;
import io.captchafleet.producer.kafka.Transactions;
import io.captchafleet.producer.state.Batches;
import io.captchafleet.producer.state.FleetStates;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * {@code retry-failed} (the seed's {@code retry_failed()}): republishes the batch's failed tasks with
 * the next generation, and the manifest with that generation, in one transaction. Outcomes carry
 * redacted task data, so the original task records are taken from the tasks and retry topics, which
 * still have the proxy credentials the solver needs. Runs on the calling thread.
 */
public final class RetryFailed {
    private static final long SENT = 1;
    private static final long WANTED = 0;
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    private final KafkaClients clients;
    private final TopicLayout layout;

    public RetryFailed(KafkaClients clients, TopicLayout layout) {
        this.clients = clients;
        this.layout = layout;
    }

    /**
     * @param republished tasks published again
     * @param missing     failed tasks whose original record is gone (past the tasks topic's retention)
     */
    public record Result(String batch, Optional<String> error, int generation, long republished, long missing) {

        /** {@code retry-failed --json}: {@code batch}, {@code error} (or null), {@code generation}, {@code republished}, {@code missing}. */
        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("batch", batch);
            o.put("error", error.orElse(null));
            o.put("generation", generation);
            o.put("republished", republished);
            o.put("missing", missing);
            return o;
        }

        public String describe() {
            String which = "failed tasks of batch " + batch + error.map(e -> " with error " + e).orElse("");
            String text = republished == 0 ? "No " + which + "; nothing republished."
                    : "Republished " + republished + " " + which + " as generation " + generation + ".";
            if (missing > 0) {
                text += " " + missing + " failed tasks have no task record left on the tasks or retry topics (past their"
                        + " retention) and were not republished.";
            }
            return text;
        }
    }

    /**
     * @param error only tasks that failed with this error code; empty for every failed task
     * @throws io.captchafleet.common.InputException when the fleet's topics or the batch do not exist
     */
    public Result run(String batch, Optional<String> error) {
        try (Admin admin = clients.admin()) {
            FleetTopics.require(admin, layout);
        }
        Batches.read(clients, layout).require(batch, FleetStates.read(clients, layout));
        LongLongMap wanted = failedTasks(batch, error);
        if (wanted.size() == 0) {
            return new Result(batch, error, Batches.read(clients, layout).require(batch).generation(), 0, 0);
        }
        try (Producer<byte[], byte[]> producer = clients.transactionalProducer(layout.prefix() + "-retry-failed-" + batch,
                TRANSACTION_TIMEOUT)) {
            producer.initTransactions();
            // Read after initTransactions: a concurrent retry-failed of this batch is fenced or finished.
            BatchManifest manifest = Batches.read(clients, layout).require(batch);
            int generation = manifest.generation() + 1;
            producer.beginTransaction();
            try {
                long[] sent = {0};
                try (Consumer<byte[], byte[]> tasks = clients.reader()) {
                    TopicScan.fromBeginning(tasks, layout.inputTopics()).toEnd(r -> {
                        TaskRecord original = originalOf(r, batch, wanted);
                        if (original != null) {
                            TaskRecord next = original.nextGeneration(generation);
                            producer.send(new ProducerRecord<>(layout.tasks(), r.key(), TaskCodec.write(next)));
                            wanted.put(TaskHash.of(next.taskId()), SENT);
                            sent[0]++;
                        }
                    });
                }
                BatchManifest raised = manifest.withGeneration(generation);
                producer.send(new ProducerRecord<>(layout.batches(), batch.getBytes(StandardCharsets.UTF_8), BatchManifestCodec.write(raised)));
                producer.commitTransaction();
                return new Result(batch, error, generation, sent[0], wanted.size() - sent[0]);
            } catch (KafkaException e) {
                Transactions.abortQuietly(producer);
                throw new CaptchaFleetException("Republishing the failed tasks of batch " + batch + " failed; nothing was"
                        + " republished: " + e.getMessage(), ExitCode.INTERNAL, e);
            }
        }
    }

    /** Hashes of the batch's tasks whose newest outcome is failed (with {@code error}), each marked wanted. */
    private LongLongMap failedTasks(String batch, Optional<String> error) {
        LongLongMap failed = new LongLongMap();
        try (Consumer<byte[], byte[]> results = clients.reader()) {
            TopicScan.fromBeginning(results, List.of(layout.results())).toEnd(r -> {
                String taskId = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
                if (taskId == null || !TaskIds.batchOf(taskId).equals(batch)) {
                    return;
                }
                long hash = TaskHash.of(taskId);
                Outcome o = null;
                try {
                    o = r.value() == null ? null : OutcomeCodec.read(r.value());
                } catch (RecordFormatException e) {
                    return; // status and results report unreadable outcomes; here it only cannot count
                }
                boolean retry = o != null && o.status() == OutcomeStatus.FAILED && (error.isEmpty() || error.get().equals(o.error()));
                if (retry) {
                    failed.put(hash, WANTED);
                } else {
                    failed.remove(hash);
                }
            });
        }
        return failed;
    }

    /** The task record of a wanted task not yet republished, or null. */
    private static TaskRecord originalOf(ConsumerRecord<byte[], byte[]> r, String batch, LongLongMap wanted) {
        if (r.key() == null || r.value() == null) {
            return null;
        }
        String taskId = new String(r.key(), StandardCharsets.UTF_8);
        if (!TaskIds.batchOf(taskId).equals(batch) || wanted.get(TaskHash.of(taskId)) != WANTED) {
            return null;
        }
        try {
            return TaskCodec.read(r.value());
        } catch (RecordFormatException e) {
            return null; // a dead letter's business; another copy of the task may still be readable
        }
    }
}
