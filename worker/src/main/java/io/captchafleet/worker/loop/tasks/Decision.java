package io.captchafleet.worker.loop.tasks;

import io.captchafleet.worker.loop.partitions.TaskState;

/** What the idempotence rule says about one task record. */
public enum Decision {
    /** New work: submit it (a new task, a newer generation or attempt, or the awaited retry). */
    SUBMIT,
    /** Already paid and in flight in this generation and attempt: poll its solver id, do not pay again. */
    RESUME_POLLING,
    /** Solved, failed, or superseded: nothing to do. */
    SKIP;

    /**
     * The idempotence rule (ARCHITECTURE.md): a record is handled only if it is newer than the known
     * state — a higher generation, or the same generation and a higher attempt; the same attempt is
     * handled when the task waits in a retry tier for exactly it, polled when it is in flight, and
     * skipped otherwise. Solved is never handled again in any generation.
     */
    public static Decision of(TaskState known, int generation, int attempt) {
        if (known == null) {
            return SUBMIT;
        }
        switch (known.status()) {
            case SOLVED:
                return SKIP;
            default:
                break;
        }
        if (generation != known.generation()) {
            return generation > known.generation() ? SUBMIT : SKIP;
        }
        if (attempt != known.attempt()) {
            return attempt > known.attempt() ? SUBMIT : SKIP;
        }
        switch (known.status()) {
            case IN_FLIGHT:
                return RESUME_POLLING;
            case RETRYING:
                return SUBMIT;
            default:
                return SKIP;
        }
    }
}
