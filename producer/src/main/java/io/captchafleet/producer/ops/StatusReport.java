package io.captchafleet.producer.ops;

import java.time.Instant;
import java.util.List;

import io.captchafleet.common.fleet.FleetState;
import io.captchafleet.producer.state.WorkerGroup;

/**
 * What {@code status} shows: the fleet's halt state, its workers and lag, every batch asked for, and the
 * batches that were purged (their outcomes deleted) with when.
 */
public record StatusReport(Instant at, FleetState fleet, WorkerGroup workers, List<BatchStatus> batches, List<Purged> purged) {

    /** A batch whose outcomes and manifest were deleted by {@code purge}. */
    public record Purged(String batch, Instant at) {
    }

    /** Every batch shown is finished (true when there are none). */
    public boolean finished() {
        return batches.stream().allMatch(BatchStatus::finished);
    }
}
