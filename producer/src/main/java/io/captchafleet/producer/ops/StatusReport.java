package io.captchafleet.producer.ops;

import java.time.Instant;
import java.util.List;

import io.captchafleet.common.fleet.FleetState;
import io.captchafleet.producer.state.WorkerGroup;

/** What {@code status} shows: the fleet's halt state, its workers and lag, and every batch asked for. */
public record StatusReport(Instant at, FleetState fleet, WorkerGroup workers, List<BatchStatus> batches) {

    /** Every batch shown is finished (true when there are none). */
    public boolean finished() {
        return batches.stream().allMatch(BatchStatus::finished);
    }
}
