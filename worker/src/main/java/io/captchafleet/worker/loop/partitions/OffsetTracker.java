package io.captchafleet.worker.loop.partitions;

import java.util.TreeSet;

/**
 * Which offsets of one input partition are still unfinished, so the loop commits up to the lowest
 * unfinished offset, or to the position when nothing is unfinished (so that lag reaches zero). The
 * position is unknown until the consumer has one (a newly assigned partition's committed offset may take
 * a while): until then only unfinished offsets say what to commit. Confined to the worker loop thread.
 */
public final class OffsetTracker {
    private static final long UNKNOWN = -1;

    private final TreeSet<Long> unfinished = new TreeSet<>();
    private long position = UNKNOWN;
    private long committed = UNKNOWN;

    /** A record was read and is being worked on. */
    public void start(long offset) {
        unfinished.add(offset);
        advancePast(offset);
    }

    /** A record was read and needed no work (skipped, or dead-lettered in the next transaction). */
    public void pass(long offset) {
        advancePast(offset);
    }

    /** The record's outcome is in the next transaction. */
    public void finish(long offset) {
        unfinished.remove(offset);
    }

    /** Moves the position forward to the consumer's (past transaction markers); never backward. */
    public void advanceTo(long consumerPosition) {
        position = Math.max(position, consumerPosition);
    }

    /** The loop sought back to {@code offset} to read it again later (not due, back-pressure, not ready). */
    public void rewindTo(long offset) {
        position = position == UNKNOWN ? offset : Math.min(position, offset);
    }

    public boolean hasPosition() {
        return position != UNKNOWN;
    }

    /** Where to read on from after a rebalance gave this partition back: everything not yet read. */
    public long position() {
        return position;
    }

    /** The offset to commit: the lowest unfinished one, or the position; -1 when neither is known. */
    public long commitOffset() {
        return unfinished.isEmpty() ? position : unfinished.first();
    }

    /** Whether the offset to commit differs from the last one committed. */
    public boolean needsCommit() {
        return commitOffset() != UNKNOWN && commitOffset() != committed;
    }

    public void committed(long offset) {
        committed = offset;
    }

    int unfinishedCount() {
        return unfinished.size();
    }

    private void advancePast(long offset) {
        position = Math.max(position, offset + 1);
    }
}
