package io.captchafleet.worker.solver;

import java.time.Instant;
import java.util.Optional;

/**
 * The process-wide gate in front of every submit (one per account, shared by every worker in the
 * process). It is closed while the fleet is halted (see {@link FleetHalt}) and, for a time, while the
 * provider bans the account (MAX_USER_TURN, IP_BANNED, {@code ERROR: 100x}, a 429's Retry-After). Polls of
 * already-paid tasks are not held by a halt. Thread-safe.
 */
public interface SubmitGate {

    /** Whether the fleet is halted (or its state not known yet). */
    boolean halted();

    /** Whether a submit may go out now. */
    boolean isOpen();

    /** When a time-based ban ends, while one is in force. */
    Optional<Instant> bannedUntil();
}
