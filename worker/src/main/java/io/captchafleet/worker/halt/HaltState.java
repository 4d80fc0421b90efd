package io.captchafleet.worker.halt;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.captchafleet.common.errors.Classification;
import io.captchafleet.common.errors.ErrorCategory;
import io.captchafleet.common.fleet.BatchControl;
import io.captchafleet.common.fleet.FleetState;
import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.model.FleetEventType;
import io.captchafleet.worker.solver.FleetHalt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one halt state of a process, read by the solver's submit gate and by every worker loop. Two
 * sources feed it: the {@link HaltWatcher}, with the fleet's state as folded from the fatal-errors
 * topic, and the solver, with the fatal answers this process meets. The process is halted while the
 * fleet is, while its watcher has not read the topic to its end, and from its own fatal answer until a
 * RESUME newer than the request that met it: so a FATAL of this process holds its gate closed even
 * before the watcher has read it back, and no unrelated event re-opens it.
 *
 * <p>A fatal answer publishes one FATAL event, the first of each halt: further fatal answers in the same
 * halt (the other requests on the wire, parked polls) publish nothing. Thread-safe: the state is guarded
 * by {@code this}; {@link #halted()} reads a volatile snapshot; listeners and the publisher are called
 * outside the lock.
 */
public final class HaltState implements FleetHalt {
    private static final Logger log = LoggerFactory.getLogger(HaltState.class);
    /** Reasons read after "the fleet is ": see {@link #reason()}. */
    private static final String NOT_READ = "halted until its state is read from the fatal-errors topic";

    private final String worker;
    private final Consumer<FleetEvent> publisher;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private FleetState fleet = FleetState.initial(); // guarded by this
    private String notFollowed = NOT_READ; // guarded by this; null once the watcher has read to the end
    private LocalFatal localFatal; // guarded by this
    private long publishedInEpoch = Long.MIN_VALUE; // guarded by this
    private volatile String reason = NOT_READ; // null while running

    /** A fatal answer this process met: it holds the process halted until a RESUME newer than its request. */
    private record LocalFatal(Classification error, long epochAtSend, String taskId) {
    }

    /**
     * @param worker    the process's instance id, named in the FATAL events it publishes
     * @param publisher publishes a FATAL event (non-transactionally; must not block for long)
     */
    public HaltState(String worker, Consumer<FleetEvent> publisher, Clock clock) {
        this.worker = worker;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** The fleet's state as the watcher has read it to the end of the fatal-errors topic. */
    public void followed(FleetState state) {
        synchronized (this) {
            fleet = state;
            notFollowed = null;
            if (localFatal != null && localFatal.epochAtSend() < state.newestResumeOffset()) {
                localFatal = null; // an operator resumed after the request that met it
            }
        }
        changed();
    }

    /** The watcher can no longer follow the fleet's state: halted until it can again. */
    public void lost(String why) {
        synchronized (this) {
            notFollowed = "halted: its state cannot be followed (" + why + ")";
        }
        changed();
    }

    @Override
    public void fatal(Classification error, long epochAtSend, String taskId) {
        FleetEvent event = null;
        synchronized (this) {
            if (epochAtSend < fleet.newestResumeOffset()) {
                log.warn("Ignoring {} for a request sent before the fleet was resumed", error.code());
                return;
            }
            if (localFatal == null) {
                localFatal = new LocalFatal(error, epochAtSend, taskId);
            }
            if (!fleet.halted() && publishedInEpoch != fleet.newestResumeOffset()) {
                publishedInEpoch = fleet.newestResumeOffset();
                event = FleetEvent.fatal(error.code(), message(error), taskId, worker, clock.instant(),
                        epochAtSend);
            }
        }
        changed();
        if (event != null) {
            log.error("Fatal answer {} ({}){}: halting the fleet", error.code(), error.category().wire(),
                    taskId == null ? "" : " for task " + taskId);
            publisher.accept(event);
        }
    }

    @Override
    public boolean halted() {
        return reason != null;
    }

    /** Why the process is halted, worded to follow "the fleet is ": {@code halted since … by ERROR_ZERO_BALANCE …}. */
    @Override
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public synchronized long epoch() {
        return fleet.newestResumeOffset();
    }

    /** The fleet's state as last read from the fatal-errors topic. */
    public synchronized FleetState fleet() {
        return fleet;
    }

    /** What the fleet events say about one batch (its cap, whether it is cancelled or purged), as last read. */
    public synchronized BatchControl batch(String batch) {
        return fleet.batch(batch);
    }

    /** Whether the watcher has read the fatal-errors topic to its end and follows it. */
    public synchronized boolean followed() {
        return notFollowed == null;
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private void changed() {
        String before = reason;
        String now;
        synchronized (this) {
            now = currentReason();
            reason = now;
        }
        if (before == null ? now != null : !before.equals(now)) {
            listeners.forEach(Runnable::run);
        }
    }

    private String currentReason() {
        if (notFollowed != null) {
            return notFollowed;
        }
        if (fleet.halted()) {
            return fleet.describe();
        }
        if (localFatal != null) {
            return "halted by " + localFatal.error().code() + (localFatal.taskId() == null ? "" : " (task " + localFatal.taskId() + ")")
                    + " from " + worker;
        }
        return null;
    }

    private static String message(Classification error) {
        return error.category() == ErrorCategory.BUDGET ? "the account's balance is used up: refill it, then run resume"
                : "the account is misconfigured (" + error.code() + "): fix it, then run resume";
    }
}
