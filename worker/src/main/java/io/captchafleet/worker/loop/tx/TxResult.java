package io.captchafleet.worker.loop.tx;

/** How an attempt to commit ended; the loop switches on it. */
public enum TxResult {
    /** Nothing to write and no offset moved. */
    NOTHING_TO_DO,
    /** Written and committed with the offsets. */
    COMMITTED,
    /**
     * Not committed this time (an abortable error, a commit still pending after a time-out, a broker away):
     * everything that was to be written is kept and goes with the next attempt. No seek, no new submit.
     */
    RETRY,
    /**
     * The group rejected the offsets: this worker's assignment is stale and its partitions have moved on.
     * What was to be written is dropped, except the unrecorded paid submits, which are kept.
     */
    MOVED_ON,
    /** Another live worker with this instance id fenced this one: it must stop. */
    FENCED
}
