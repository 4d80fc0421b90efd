package io.captchafleet.worker.loop;

import java.time.Instant;

import io.captchafleet.common.model.TaskRecord;
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
    final TopicPartition source;
    final long offset;
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
        this.record = record;
        this.source = source;
        this.offset = offset;
        this.paidSubmits = paidSubmits;
        this.request = SolveRequest.of(record.taskId(), record.taskData());
    }

    String taskId() {
        return record.taskId();
    }

    int partition() {
        return source.partition();
    }

    void cancelSolve() {
        solveToken++;
        if (handle != null) {
            handle.cancel();
            handle = null;
        }
    }
}
