package io.captchafleet.worker.solver;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.captchafleet.common.fleet.FleetState;
import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.model.FleetEventType;
import io.captchafleet.worker.halt.HaltState;

/**
 * A process's halt state for solver tests, with no fatal-errors topic behind it: the test plays the
 * watcher (its {@code followed} calls) and reads the FATAL events the halt state would publish.
 */
final class Halts {
    final List<FleetEvent> published = new CopyOnWriteArrayList<>();
    final HaltState halt;
    private FleetState fleet = FleetState.initial();
    private long offset;

    Halts(Clock clock) {
        halt = new HaltState("test-worker", published::add, clock);
        halt.followed(fleet);
    }

    /** An operator's HALT, as the watcher would pass it on. */
    void operatorHalt(String reason) {
        follow(FleetEvent.halt(reason, "ops", Instant.now()));
    }

    /** An operator's RESUME, as the watcher would pass it on. */
    void resume() {
        follow(FleetEvent.resume("resumed", "ops", Instant.now()));
    }

    private void follow(FleetEvent e) {
        fleet = fleet.apply(offset++, e);
        halt.followed(fleet);
    }
}
