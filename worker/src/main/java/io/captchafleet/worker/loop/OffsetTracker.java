package io.captchafleet.worker.loop;

import java.util.TreeSet;

/**
 * Which offsets of one input partition are still unfinished, so the loop commits up to the lowest
 * unfinished offset, or to the position when nothing is unfinished (so that lag reaches zero).
 * Confined to the worker loop thread.
 */
final class OffsetTracker {
    private final TreeSet<Long> unfinished = new TreeSet<>();
    private long position;
    private long committed = -1;

    OffsetTracker(long position) {
        this.position = position;
    }

    /** A record was read and is being worked on. */
    void start(long offset) {
        unfinished.add(offset);
        advancePast(offset);
    }

    /** A record was read and needed no work (skipped, or dead-lettered in the pending transaction). */
    void pass(long offset) {
        advancePast(offset);
    }

    /** The record's outcome is in the pending transaction. */
    void finish(long offset) {
        unfinished.remove(offset);
    }

    /** Moves the position forward to the consumer's (past transaction markers); never backward. */
    void advanceTo(long consumerPosition) {
        position = Math.max(position, consumerPosition);
    }

    /** The loop sought back to {@code offset} to read it again later (not due, back-pressure). */
    void rewindTo(long offset) {
        position = Math.min(position, offset);
    }

    /** Where to read on from after a rebalance gave this partition back: everything not yet read. */
    long position() {
        return position;
    }

    boolean isUnfinished(long offset) {
        return unfinished.contains(offset);
    }

    /** The offset to commit: the lowest unfinished one, or the position. */
    long commitOffset() {
        return unfinished.isEmpty() ? position : unfinished.first();
    }

    boolean needsCommit() {
        return commitOffset() != committed;
    }

    void committed(long offset) {
        committed = offset;
    }

    int unfinishedCount() {
        return unfinished.size();
    }

    private void advancePast(long offset) {
        position = Math.max(position, offset + 1);
    }
}
