package io.captchafleet.worker.solver;

import java.time.Instant;
import java.util.Optional;

/**
 * The process-wide gate in front of every submit (one per account, shared by every worker in the
 * process). It closes for a time when the provider bans the account (MAX_USER_TURN, IP_BANNED,
 * {@code ERROR: 100x}), and until {@link #release()} when the fleet halts (a fatal answer closes it at
 * once, before anything reaches Kafka). Polls of already-paid tasks are not held by a halt. Thread-safe.
 */
public interface SubmitGate {

    /** Closes the gate until released: the fleet is halted (fatal answer or operator HALT). */
    void halt(String reason);

    /** Opens the gate after a halt (RESUME). A time-based ban still in force keeps it closed until it ends. */
    void release();

    /** Whether the gate is held by a halt. */
    boolean halted();

    /** Whether a submit may go out now. */
    boolean isOpen();

    /** When a time-based ban ends, while one is in force. */
    Optional<Instant> bannedUntil();
}
