package io.captchafleet.worker.solver.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.captchafleet.worker.solver.SubmitGate;

/**
 * The process-wide submit gate on the solver's {@link Clock}: closed while a time-based ban lasts, and
 * from {@link #halt} until {@link #release()}. Thread-safe: every field is guarded by {@code this}.
 * A change is announced to the engine (so queued submits end or go) through {@link #onChange}.
 */
final class AccountGate implements SubmitGate {
    private final Clock clock;
    private String haltReason; // guarded by this
    private Instant bannedUntil; // guarded by this
    private volatile Runnable onChange = () -> { };

    AccountGate(Clock clock) {
        this.clock = clock;
    }

    void onChange(Runnable listener) {
        this.onChange = listener;
    }

    /** Closes the gate for {@code wait} from now; a longer ban already in force stays. */
    void ban(Duration wait) {
        synchronized (this) {
            Instant until = clock.instant().plus(wait);
            if (bannedUntil == null || until.isAfter(bannedUntil)) {
                bannedUntil = until;
            }
        }
        onChange.run();
    }

    @Override
    public void halt(String reason) {
        synchronized (this) {
            if (haltReason == null) {
                haltReason = reason; // the first cause is the one to report
            }
        }
        onChange.run();
    }

    @Override
    public void release() {
        synchronized (this) {
            haltReason = null;
        }
        onChange.run();
    }

    @Override
    public synchronized boolean halted() {
        return haltReason != null;
    }

    /** Why the gate is halted, while it is. */
    synchronized Optional<String> haltReason() {
        return Optional.ofNullable(haltReason);
    }

    @Override
    public synchronized boolean isOpen() {
        return haltReason == null && bannedUntil().isEmpty();
    }

    @Override
    public synchronized Optional<Instant> bannedUntil() {
        return bannedUntil != null && clock.instant().isBefore(bannedUntil) ? Optional.of(bannedUntil) : Optional.empty();
    }

    @Override
    public String toString() {
        return "SubmitGate[halted=" + haltReason().orElse("no") + ", bannedUntil=" + bannedUntil().map(Instant::toString).orElse("-") + "]";
    }
}
