package io.captchafleet.worker.loop;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.captchafleet.common.fleet.BatchControl;
import io.captchafleet.common.fleet.FleetState;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.worker.halt.HaltState;

/**
 * What the per-batch fleet events (CANCEL, PURGE) say, as this loop read them at the start of its turn,
 * so that every record and event of one turn is judged against the same state. A cancelled batch gets no
 * new submit in the generations the cancel covers: what would be submitted ends {@code CANCELLED}. A purged
 * batch is forgotten: its records are skipped, its outcomes ignored, its table entries evicted.
 *
 * <p>{@link #follow} reads the process's {@link HaltState} once per turn and reports the batches cancelled or
 * purged since the last read; the first read reports every such batch of the fleet's history (nothing of
 * them is held yet, so their handling costs nothing). Confined to the worker loop thread.
 */
final class BatchLife {
    private final HaltState halt;
    private FleetState seen = FleetState.initial();
    private boolean fleetRead;

    BatchLife(HaltState halt) {
        this.halt = halt;
    }

    /**
     * Takes in the fleet's state as it is now: {@code cancelled} hears of each batch newly cancelled (or
     * cancelled again in a newer generation), {@code purged} of each batch newly purged.
     */
    void follow(BiConsumer<String, BatchControl> cancelled, Consumer<String> purged) {
        // Read in this order: once the watcher has read the topic to its end, the state read after is at least that new.
        boolean read = halt.followed();
        FleetState now = halt.fleet();
        fleetRead = read;
        if (now == seen) {
            return;
        }
        Map<String, BatchControl> before = seen.batches();
        seen = now;
        now.batches().forEach((batch, control) -> {
            BatchControl old = before.getOrDefault(batch, BatchControl.NONE);
            if (control.purged()) {
                if (!old.purged()) {
                    purged.accept(batch);
                }
            } else if (control.cancelled() && (!old.cancelled() || old.cancelledGeneration() != control.cancelledGeneration())) {
                cancelled.accept(batch, control);
            }
        });
    }

    /**
     * Whether the state this loop judges by was read after the process's watcher had read the fleet events to
     * their end: a partition's restore ends only then, so that a purged batch's {@code in_flight} outcomes are
     * never polled again.
     */
    boolean fleetRead() {
        return fleetRead;
    }

    /** Whether this task record is of a cancelled batch and generation: it is not to be submitted. */
    boolean cancels(TaskRecord task) {
        return seen.batch(task.batch()).cancels(task.generation());
    }

    /** Whether this task record will never be submitted: its batch is cancelled (in its generation) or purged. */
    boolean endsWithoutSubmit(TaskRecord task) {
        BatchControl c = seen.batch(task.batch());
        return c.purged() || c.cancels(task.generation());
    }

    boolean purged(String batch) {
        return seen.batch(batch).purged();
    }
}
