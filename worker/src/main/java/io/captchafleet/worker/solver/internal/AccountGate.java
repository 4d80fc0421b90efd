package io.captchafleet.worker.solver.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.captchafleet.worker.solver.FleetHalt;
import io.captchafleet.worker.solver.SubmitGate;

/**
 * The process-wide submit gate on the solver's {@link Clock}: closed while the fleet is halted (the
 * process's {@link FleetHalt}) and while a time-based ban lasts. The gate owns the bans; the halt belongs
 * to the fleet's halt state, which it only reads. Thread-safe: the ban is guarded by {@code this}. A
 * change is announced to the engine (so queued submits end or go) through {@link #onChange}.
 */
final class AccountGate implements SubmitGate {
    private final Clock clock;
    private final FleetHalt halt;
    private Instant bannedUntil; // guarded by this
    private volatile Runnable onChange = () -> { };

    AccountGate(Clock clock, FleetHalt halt) {
        this.clock = clock;
        this.halt = halt;
        halt.onChange(() -> onChange.run());
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
    public boolean halted() {
        return halt.halted();
    }

    /** Why the fleet is halted, while it is. */
    Optional<String> haltReason() {
        return halt.reason();
    }

    @Override
    public boolean isOpen() {
        return !halt.halted() && bannedUntil().isEmpty();
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
