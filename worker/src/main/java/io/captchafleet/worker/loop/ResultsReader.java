package io.captchafleet.worker.loop;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.common.serde.RecordFormatException;
import io.captchafleet.common.topics.ResultHeaders;
import io.captchafleet.worker.loop.partitions.OwnedPartition;
import io.captchafleet.worker.loop.partitions.PartitionBook;
import io.captchafleet.worker.loop.partitions.PauseReason;
import io.captchafleet.worker.loop.partitions.ReportStage;
import io.captchafleet.worker.loop.partitions.TaskState;
import io.captchafleet.worker.loop.tasks.TaskBook;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the owned results partitions into their partition's table: the restore from the beginning, then
 * the tail, so a former owner's late commit is seen. Records of partitions this worker does not own (any
 * more) are ignored. A paid task seen {@code in_flight} on the tail is polled at once, without waiting for
 * its input record (it may sit behind a halt or far back); those seen while restoring are polled when the
 * restore ends. A record that cannot be read (a newer version, garbage) stops its partition: nothing of it
 * is judged, since a task whose state is unknown could be paid for twice. A tombstone forgets its task,
 * and an outcome of a purged batch is ignored.
 * The tail passes over this worker's own outcomes of tasks it still holds by their header, and over any outcome of
 * a task the table knows solved and where its solved outcome is, undecoded.
 * Confined to the worker loop thread.
 */
final class ResultsReader {
    private static final Logger log = LoggerFactory.getLogger(ResultsReader.class);

    private final PartitionBook partitions;
    private final TaskBook book;
    private final SolverCalls calls;
    private final BatchLife batches;
    private final Reports reports;
    private final byte[] instanceIdBytes;

    ResultsReader(PartitionBook partitions, TaskBook book, SolverCalls calls, BatchLife batches, Reports reports,
                  String instanceId) {
        this.partitions = partitions;
        this.book = book;
        this.calls = calls;
        this.batches = batches;
        this.reports = reports;
        this.instanceIdBytes = instanceId.getBytes(StandardCharsets.UTF_8);
    }

    void accept(ConsumerRecord<byte[], byte[]> r) {
        OwnedPartition part = partitions.get(r.partition());
        if (part == null || part.phase() == OwnedPartition.Phase.STOPPED) {
            return;
        }
        String taskId = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
        if (part.ready() && writtenHere(r) && book.get(taskId) != null) {
            return; // our own outcome of a task still being worked on here: nothing to learn from it
        }
        if (r.value() == null) {
            part.forget(taskId);
            return;
        }
        if (part.ready() && solvedAndLocated(part.known(taskId))) {
            // Nothing supersedes solved (usually our own outcome read back, its state advanced at commit). Until
            // the table knows where the solved outcome is (so that a report can read it back), records are decoded.
            return;
        }
        Outcome o;
        try {
            o = OutcomeCodec.read(r.value());
        } catch (RecordFormatException e) {
            stop(part, r, e);
            return;
        }
        if (batches.purged(o.batch())) {
            return; // a purged batch's outcome (older than its tombstone, or a straggler): nothing to keep or poll
        }
        part.advance(o.taskId(), TaskState.of(o, r.offset()));
        if (!part.ready()) {
            part.seenWhileRestoring(o);
        } else if (o.status() == OutcomeStatus.IN_FLIGHT) {
            // Usually a former owner's late commit; our own record of a task we no longer hold, too.
            resumeIfPaid(part, o);
        } else if (ReportStage.SENDING_RESULT.equals(o.reportResult())) {
            reports.sawSending(part, o);
        }
    }

    /** The restore has ended: reports a former owner left on their way are recorded as such. */
    void restored(OwnedPartition part) {
        reports.restored(part, part.takeReportsSeenSending());
    }

    /** Polls a paid task the results show in flight, unless it is held here or the results know better. */
    void resumeIfPaid(OwnedPartition part, Outcome o) {
        if (o.solverTaskId() == null || book.get(o.taskId()) != null || batches.purged(o.batch())) {
            return;
        }
        TaskState known = part.known(o.taskId());
        if (known == null || known.status() != OutcomeStatus.IN_FLIGHT || !o.solverTaskId().equals(known.solverId())) {
            return;
        }
        calls.poll(book.resumeFromOutcome(o, part.number()));
    }

    private void stop(OwnedPartition part, ConsumerRecord<byte[], byte[]> r, RecordFormatException e) {
        String why = "the outcome at " + r.topic() + "-" + r.partition() + "@" + r.offset() + " cannot be read: " + e.getMessage();
        part.stop(why);
        partitions.pauses().addAll(part.inputs(), PauseReason.UNREADABLE);
        log.error("Partition {} stopped: {}. None of its tasks is judged here (its state is unknown, so it could be paid"
                + " for twice); upgrade captcha-fleet or repair the record", part.number(), why);
    }

    private static boolean solvedAndLocated(TaskState known) {
        return known != null && known.status() == OutcomeStatus.SOLVED && known.outcomeOffset() >= 0;
    }

    private boolean writtenHere(ConsumerRecord<byte[], byte[]> r) {
        Header writer = r.headers().lastHeader(ResultHeaders.WORKER);
        return writer != null && Arrays.equals(writer.value(), instanceIdBytes);
    }
}
