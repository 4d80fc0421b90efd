package io.captchafleet.worker.loop;

import java.time.Instant;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.serde.Json;
import io.captchafleet.worker.solver.SolveHandle;
import io.captchafleet.worker.solver.SolveRequest;
import org.apache.kafka.common.TopicPartition;

/**
 * A task this worker is working on, from admission until its outcome is committed. Confined to the
 * worker loop thread (solver callbacks reach it only through {@link SolverEvents}).
 */
final class InFlightTask {
    /** Where the task stands in this worker. */
    enum Stage {
        /** Admitted, waiting for a ledger slot (or for the fleet to resume). */
        QUEUED,
        /** Handed to the solver; the submit is not known to be paid yet. */
        SUBMITTING,
        /** Paid: being polled. */
        POLLING,
        /** Its outcome is in the pending transaction. */
        FINISHING
    }

    final TaskRecord record;
    /** The input record it came from; null for a paid task resumed straight from the restored results. */
    final TopicPartition source;
    final long offset;
    private final int partition;
    final SolveRequest request;
    Stage stage = Stage.QUEUED;
    int paidSubmits;
    String solverId;
    Instant submittedAt;
    /** Identifies the current solve, so events of a cancelled or replaced solve are ignored. */
    long solveToken;
    SolveHandle handle;
    /** The newest RESUME this worker had seen when it sent the submit: a FATAL from it counts only if none came since. */
    long resumeOffsetAtSubmit = -1;

    InFlightTask(TaskRecord record, TopicPartition source, long offset, int paidSubmits) {
        this(record, source, offset, source.partition(), paidSubmits);
    }

    private InFlightTask(TaskRecord record, TopicPartition source, long offset, int partition, int paidSubmits) {
        this.record = record;
        this.source = source;
        this.offset = offset;
        this.partition = partition;
        this.paidSubmits = paidSubmits;
        this.request = SolveRequest.of(record.taskId(), record.taskData());
    }

    String taskId() {
        return record.taskId();
    }

    int partition() {
        return partition;
    }

    /**
     * A paid task found {@code in_flight} in a newly owned results partition: polled at once, before (and
     * independently of) its input record, which is judged again once the task has finished.
     */
    static InFlightTask resumedFrom(Outcome inFlight, int partition) {
        TaskRecord record = new TaskRecord(inFlight.taskId(), inFlight.batch(), inFlight.index(), inFlight.generation(),
                inFlight.attempt(), inFlight.taskData() != null ? inFlight.taskData() : Json.object(), 0L, null,
                inFlight.paidSubmits());
        InFlightTask t = new InFlightTask(record, null, -1L, partition, inFlight.paidSubmits());
        t.solverId = inFlight.solverTaskId();
        t.submittedAt = inFlight.submittedAt();
        return t;
    }

    void cancelSolve() {
        solveToken++;
        if (handle != null) {
            handle.cancel();
            handle = null;
        }
    }
}
