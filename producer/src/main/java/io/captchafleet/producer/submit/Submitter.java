package io.captchafleet.producer.submit;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.captchafleet.common.CaptchaFleetException;
import io.captchafleet.common.InputException;
import io.captchafleet.common.config.ExitCode;
import io.captchafleet.common.model.BatchManifest;
import io.captchafleet.common.model.TaskIds;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.producer.input.InputFormat;
import io.captchafleet.producer.input.TaskFile;
import io.captchafleet.producer.kafka.FleetTopics;
import io.captchafleet.producer.kafka.KafkaClients;
import io.captchafleet.producer.kafka.Transactions;
import io.captchafleet.producer.progress.Progress;
import io.captchafleet.producer.state.Batches;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code submit}: validates a task file completely, then publishes its tasks and the batch manifest in
 * one transaction. Runs on the calling thread; one instance may submit several files in turn.
 *
 * @see Prescan the validation pass
 * @see Publisher the publishing pass
 */
public final class Submitter {
    private static final Logger log = LoggerFactory.getLogger(Submitter.class);
    private final KafkaClients clients;
    private final TopicLayout layout;

    public Submitter(KafkaClients clients, TopicLayout layout) {
        this.clients = clients;
        this.layout = layout;
    }

    /**
     * Checks and publishes a task file: {@link #check}, then {@link #submit(CheckedFile, Progress)}.
     *
     * @throws InputException when the file has invalid tasks (all listed, up to the limit), the batch id
     *                        is unusable, or the batch exists with other content; nothing is published
     */
    public SubmitResult submit(TaskFile file, SubmitOptions options, Progress progress) {
        return submit(check(file, options, progress), progress);
    }

    /**
     * Everything about a task file that needs no cluster: the batch id, the format, and every task read
     * and validated. Commands call it before they start or connect to anything, so a bad file stops
     * them with nothing started.
     *
     * @throws InputException when the file has invalid tasks (all listed, up to the limit), holds none,
     *                        or the batch id is unusable
     */
    public static CheckedFile check(TaskFile file, SubmitOptions options, Progress progress) {
        long started = System.nanoTime();
        String batch = batchId(file, options.batch());
        InputFormat format = options.format().orElseGet(file::detectFormat);
        // A capped batch's tasks are counted per partition, as many as its topic is created with; submit counts
        // them again in the rare case that the topic exists with another count.
        int partitions = options.maxSpend().isPresent() ? options.topicSettings().partitions() : 0;
        Prescan.Result scan = Prescan.run(file, format, options, progress, batch, partitions);
        if (!scan.problems().isEmpty()) {
            throw new InputException(scan.rejected() + " of " + scan.total() + " tasks in " + file.name()
                    + " are invalid; nothing was published:\n" + scan.problems().lines());
        }
        if (scan.total() == 0) {
            throw new InputException(file.name() + " holds no tasks (read as " + format.flag() + "); nothing was published");
        }
        return new CheckedFile(file, options, batch, format, scan, since(started));
    }

    /**
     * Publishes a checked file's tasks and its batch manifest in one transaction.
     *
     * @throws InputException when the batch exists with other content; nothing is published
     */
    public SubmitResult submit(CheckedFile checked, Progress progress) {
        TaskFile file = checked.file();
        SubmitOptions options = checked.options();
        String batch = checked.batch();
        InputFormat format = checked.format();
        Prescan.Result scan = checked.scan();
        // The summary's time is the check's and the publishing's, not whatever a command started in between.
        long started = System.nanoTime() - checked.checkTime().toNanos();
        try (Admin admin = clients.admin()) {
            FleetTopics.ensure(admin, layout, options.topicSettings());
            if (options.maxSpend().isPresent()) {
                int partitions = SpendShares.partitions(admin, layout, options.topicSettings());
                if (partitions != scan.perPartition().length) {
                    scan = Prescan.run(file, format, options, Progress.none(), batch, partitions);
                }
            }
        }
        BatchManifest manifest = new BatchManifest(batch, scan.total(), scan.contentHash(), file.name(), Instant.now(), 1,
                options.maxSpend().orElse(null));
        try (Producer<byte[], byte[]> producer = clients.transactionalProducer(transactionalId(batch), options.transactionTimeout())) {
            // Fences an earlier submit of this batch and completes its transaction, so the manifest
            // read below sees whatever that submit committed.
            producer.initTransactions();
            Optional<BatchManifest> existing = Batches.read(clients, layout).find(batch);
            if (existing.isPresent()) {
                return alreadyThere(existing.get(), manifest, scan, started);
            }
            try {
                new Publisher(producer, layout, options).publish(file, format, manifest, scan, progress);
            } catch (ProducerFencedException e) {
                throw new CaptchaFleetException("Another submit of batch \"" + batch + "\" started meanwhile and took over;"
                        + " nothing of this one was published", ExitCode.USAGE, e);
            } catch (RuntimeException e) {
                Transactions.abortQuietly(producer);
                if (e instanceof CaptchaFleetException) {
                    throw e;
                }
                throw Publisher.failed(batch, options.atomic(), e);
            }
        }
        log.debug("Batch {}: {} tasks and {} solved outcomes published from {}", batch, scan.tasks(), scan.solved(), file.name());
        return new SubmitResult(batch, scan.total(), scan.tasks(), scan.solved(), 0, false, since(started));
    }

    private SubmitResult alreadyThere(BatchManifest existing, BatchManifest mine, Prescan.Result scan, long started) {
        if (existing.contentHash().equals(mine.contentHash()) && existing.total() == mine.total()) {
            return new SubmitResult(mine.batch(), scan.total(), 0, 0, 0, true, since(started));
        }
        throw new InputException("Batch \"" + mine.batch() + "\" already exists with other content (" + existing.total()
                + " tasks from " + existing.source() + ", submitted " + existing.createdAt() + "); nothing was published."
                + " Give this file another --batch id.");
    }

    /** The transactional id of submits of one batch: two submits of the same batch fence each other. */
    String transactionalId(String batch) {
        return layout.prefix() + "-submit-" + batch;
    }

    static String batchId(TaskFile file, Optional<String> given) {
        if (given.isPresent()) {
            String problem = TaskIds.batchProblem(given.get());
            if (problem != null) {
                throw new InputException("Invalid value \"" + given.get() + "\" for --batch: " + problem);
            }
            return given.get();
        }
        String fromName = file.defaultBatch().orElseThrow(() -> new InputException(
                "Missing --batch: tasks read from stdin need a batch id, e.g. --batch my-batch"));
        String problem = TaskIds.batchProblem(fromName);
        if (problem != null) {
            throw new InputException("Cannot use \"" + fromName + "\" (the file name without its extension) as the batch id: it "
                    + problem + "; give one with --batch");
        }
        return fromName;
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
