package io.captchafleet.producer.submit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import io.captchafleet.common.CaptchaFleetException;
import io.captchafleet.common.InputException;
import io.captchafleet.common.config.ExitCode;
import io.captchafleet.common.model.BatchManifest;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.redact.Redactor;
import io.captchafleet.common.serde.BatchManifestCodec;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.common.serde.TaskCodec;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.producer.input.CheckpointEntry;
import io.captchafleet.producer.input.ContentHash;
import io.captchafleet.producer.input.InputFormat;
import io.captchafleet.producer.input.InputTask;
import io.captchafleet.producer.input.TaskFile;
import io.captchafleet.producer.input.TaskReader;
import io.captchafleet.producer.progress.Progress;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The second pass: reads the validated file again and sends every task (and every solved checkpoint
 * entry as a {@code solved} outcome) inside the producer's transaction, the manifest last. The file is
 * hashed again on the way: if it changed since it was validated, nothing is committed.
 *
 * <p>With {@code --no-atomic} every chunk is committed on its own and the manifest still comes last, so
 * an interrupted submit is not mistaken for a complete one: submitting again publishes the whole file
 * again, and the workers skip what they have already handled. The first chunk is small and each one
 * doubles up to {@code --chunk-size}: the workers can start on the first tasks while the rest is published.
 */
final class Publisher {
    /** Outcomes imported from a checkpoint name this as their writer. */
    static final String CHECKPOINT_WORKER = "checkpoint-import";
    /** Tasks in the first chunk of a chunked publish. */
    static final int FIRST_CHUNK = 100;

    private final Producer<byte[], byte[]> producer;
    private final TopicLayout layout;
    private final SubmitOptions options;

    Publisher(Producer<byte[], byte[]> producer, TopicLayout layout, SubmitOptions options) {
        this.producer = producer;
        this.layout = layout;
        this.options = options;
    }

    /** Publishes everything; the caller aborts the open transaction if this throws. */
    void publish(TaskFile file, InputFormat format, BatchManifest manifest, Prescan.Result scan, Progress progress) {
        ContentHash hash = new ContentHash();
        long sent = 0;
        long inTransaction = 0;
        long chunk = Math.min(options.chunkSize(), FIRST_CHUNK);
        progress.begin("publishing " + manifest.batch(), manifest.total());
        producer.beginTransaction();
        try (TaskReader reader = file.reader(format)) {
            InputTask task;
            while ((task = reader.next()) != null) {
                if (!task.readable()) {
                    throw changed(file);
                }
                hash.add(task.id(), task.taskData());
                send(manifest, scan, task);
                progress.update(++sent);
                if (!options.atomic() && ++inTransaction >= chunk) {
                    producer.commitTransaction();
                    producer.beginTransaction();
                    inTransaction = 0;
                    chunk = Math.min(options.chunkSize(), chunk * 2);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file.name(), e);
        } finally {
            progress.close();
        }
        if (sent != manifest.total() || !hash.hex().equals(manifest.contentHash())) {
            throw changed(file);
        }
        producer.send(new ProducerRecord<>(layout.batches(), key(manifest.batch()), BatchManifestCodec.write(manifest)));
        producer.commitTransaction();
    }

    private void send(BatchManifest manifest, Prescan.Result scan, InputTask task) {
        Double share = scan.perPartition().length == 0 ? null
                : scan.share(SpendShares.partitionOf(manifest.batch(), task.id(), scan.perPartition().length));
        TaskRecord record = TaskRecord.first(manifest.batch(), task.id(), task.index(), task.taskData(), manifest.maxSpend(), share);
        CheckpointEntry checkpoint = task.checkpoint();
        if (checkpoint != null && checkpoint.solved()) {
            Outcome solved = Outcome.forTask(record, OutcomeStatus.SOLVED)
                    .attempt(Math.max(1, checkpoint.attempts()))
                    .token(checkpoint.token())
                    .solveTime(checkpoint.solveTime())
                    .worker(CHECKPOINT_WORKER)
                    .taskData(Redactor.redact(task.taskData()))
                    .build();
            producer.send(new ProducerRecord<>(layout.results(), key(record.taskId()), OutcomeCodec.write(solved)));
        } else {
            producer.send(new ProducerRecord<>(layout.tasks(), key(record.taskId()), TaskCodec.write(record)));
        }
    }

    private CaptchaFleetException changed(TaskFile file) {
        return new InputException(file.name() + " changed while it was being submitted; "
                + (options.atomic() ? "nothing was published" : "some chunks may have been published: submit it again"));
    }

    static byte[] key(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static CaptchaFleetException failed(String batch, boolean atomic, Exception cause) {
        return new CaptchaFleetException("Publishing batch \"" + batch + "\" failed; " + (atomic ? "nothing was published" :
                "the chunks committed before the failure stay published") + ": " + cause.getMessage(), ExitCode.INTERNAL, cause);
    }
}
