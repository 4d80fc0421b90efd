package io.captchafleet.common.fleet;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.captchafleet.common.Timestamps;
import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.model.FleetEventType;

/**
 * The fleet's state, folded from the fatal-errors topic's events in offset order: whether it is halted
 * (FATAL, HALT, RESUME), and what the per-batch events (CAP, CANCEL, PURGE) say of each batch. Halted
 * while the newest FATAL or HALT comes after the newest RESUME. A FATAL whose failing request was sent
 * before the newest RESUME (its {@code resume_offset} is older) is stale and ignored, so a slow answer
 * to an old request cannot halt a fleet an operator has just resumed.
 *
 * <p>Immutable: {@link #apply} returns the next state. Shared by the workers' halt watchers and the
 * operator commands, so both read the topic the same way.
 */
public final class FleetState {
    /** The code of the halt an unreadable fleet event stands for. */
    public static final String UNREADABLE = "UNREADABLE_EVENT";
    private static final FleetState RUNNING = new FleetState(null, -1L, -1L, Map.of());

    private final FleetEvent haltedBy;
    private final long haltOffset;
    private final long newestResumeOffset;
    private final Map<String, BatchControl> batches;

    private FleetState(FleetEvent haltedBy, long haltOffset, long newestResumeOffset, Map<String, BatchControl> batches) {
        this.haltedBy = haltedBy;
        this.haltOffset = haltOffset;
        this.newestResumeOffset = newestResumeOffset;
        this.batches = batches;
    }

    /** The state before any event: running. */
    public static FleetState initial() {
        return RUNNING;
    }

    /** The state after the event at {@code offset}; events must be applied in offset order. */
    public FleetState apply(long offset, FleetEvent event) {
        switch (event.type()) {
            case RESUME:
                return new FleetState(null, -1L, offset, batches);
            case HALT:
                return halted() ? this : new FleetState(event, offset, newestResumeOffset, batches);
            case FATAL:
                if (event.resumeOffset() < newestResumeOffset || halted()) {
                    return this; // stale, or already halted: the first cause is the one to report
                }
                return new FleetState(event, offset, newestResumeOffset, batches);
            case CAP:
                return withBatch(event.batch(), batch(event.batch()).withCap(event.amount(), event.at()));
            case CANCEL:
                return withBatch(event.batch(), batch(event.batch()).cancelledAt(event.message(), event.at(), event.generation()));
            case PURGE:
                return withBatch(event.batch(), batch(event.batch()).purgedAt(event.at()));
            default:
                throw new IllegalArgumentException("unknown event type " + event.type());
        }
    }

    /** What the events say about one batch ({@link BatchControl#NONE} when none named it). */
    public BatchControl batch(String batch) {
        return batches.getOrDefault(batch, BatchControl.NONE);
    }

    /** Every batch some event has named, with what the events say about it. */
    public Map<String, BatchControl> batches() {
        return batches;
    }

    private FleetState withBatch(String batch, BatchControl control) {
        Map<String, BatchControl> next = new HashMap<>(batches);
        next.put(batch, control);
        return new FleetState(haltedBy, haltOffset, newestResumeOffset, Collections.unmodifiableMap(next));
    }

    /**
     * The state after an event at {@code offset} that cannot be read (a newer version, garbage): it halts
     * the fleet like an operator's HALT, since it may be a FATAL this reader cannot see. It is never
     * treated as absent; a later RESUME ends it as it ends a HALT.
     */
    public FleetState unreadable(long offset, Instant at, String reason) {
        if (halted()) {
            return this;
        }
        String message = "the fleet event at offset " + offset + ", which cannot be read (" + reason + ")";
        return new FleetState(new FleetEvent(FleetEventType.HALT, UNREADABLE, message, null, null, at, -1L, null, null), offset,
                newestResumeOffset, batches);
    }

    public boolean halted() {
        return haltedBy != null;
    }

    /** The FATAL or HALT event that halted the fleet, while it is halted. */
    public Optional<FleetEvent> haltedBy() {
        return Optional.ofNullable(haltedBy);
    }

    /** Offset of the event that halted the fleet, or -1. */
    public long haltOffset() {
        return haltOffset;
    }

    /**
     * Offset of the newest RESUME, or -1. A worker puts it in the FATAL events of requests it sends from
     * now on, so that they count only if no newer RESUME has come.
     */
    public long newestResumeOffset() {
        return newestResumeOffset;
    }

    /** One line for logs and {@code status}: who halted the fleet, why and when. */
    public String describe() {
        if (haltedBy == null) {
            return "running";
        }
        FleetEvent e = haltedBy;
        StringBuilder sb = new StringBuilder("halted since ").append(Timestamps.format(e.at()));
        if (UNREADABLE.equals(e.code())) {
            return sb.append(" by ").append(e.message()).toString();
        }
        sb.append(e.type() == FleetEventType.FATAL ? " by " + e.code() : " by an operator");
        if (e.taskId() != null) {
            sb.append(" (task ").append(e.taskId()).append(')');
        }
        if (e.worker() != null) {
            sb.append(" from ").append(e.worker());
        }
        if (e.message() != null && !e.message().isEmpty()) {
            sb.append(": ").append(e.message());
        }
        return sb.toString();
    }
}
