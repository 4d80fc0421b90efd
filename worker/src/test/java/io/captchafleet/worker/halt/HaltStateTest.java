package io.captchafleet.worker.halt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.captchafleet.common.errors.Classification;
import io.captchafleet.common.errors.ErrorClassifier;
import io.captchafleet.common.errors.Phase;
import io.captchafleet.common.fleet.FleetState;
import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.model.FleetEventType;
import org.junit.jupiter.api.Test;

/** The one halt state of a process, fed by the watcher and by fatal answers. */
class HaltStateTest {
    private static final Classification ZERO_BALANCE = ErrorClassifier.standard().classify("ERROR_ZERO_BALANCE", Phase.SUBMIT);

    private final List<FleetEvent> published = new ArrayList<>();
    private final HaltState halt = new HaltState("w-1", published::add, Clock.systemUTC());
    private FleetState fleet = FleetState.initial();
    private long offset;

    private void follow(FleetEventType type, long resumeOffset) {
        fleet = fleet.apply(offset++, new FleetEvent(type, type == FleetEventType.FATAL ? "ERROR_ZERO_BALANCE" : null, "x", null,
                "ops", Instant.now(), resumeOffset, null, null));
        halt.followed(fleet);
    }

    @Test
    void haltedUntilTheFatalErrorsTopicHasBeenReadAndWhenItCanNoLongerBeFollowed() {
        assertThat(halt.halted()).isTrue();
        assertThat(halt.reason()).contains("halted until its state is read from the fatal-errors topic");
        halt.followed(fleet);
        assertThat(halt.halted()).isFalse();
        halt.lost("the broker is gone");
        assertThat(halt.reason()).contains("halted: its state cannot be followed (the broker is gone)");
    }

    @Test
    void aLocalFatalHaltsAtOncePublishesOnceAndHoldsUntilANewerResume() {
        AtomicInteger changes = new AtomicInteger();
        halt.onChange(changes::incrementAndGet);
        halt.followed(fleet);
        follow(FleetEventType.RESUME, -1); // offset 0

        halt.fatal(ZERO_BALANCE, 0, "b/1");
        halt.fatal(ZERO_BALANCE, 0, "b/2");

        assertThat(halt.halted()).isTrue();
        assertThat(halt.reason()).contains("halted by ERROR_ZERO_BALANCE (task b/1) from w-1");
        assertThat(published).singleElement().satisfies(e -> assertThat(e.resumeOffset()).isZero());
        // An event that halts nothing (a stale FATAL) re-opens nothing.
        follow(FleetEventType.FATAL, -1);
        assertThat(halt.halted()).isTrue();
        // The watcher reads the FATAL back, then an operator resumes: the halt ends.
        follow(FleetEventType.FATAL, 0);
        follow(FleetEventType.RESUME, -1);
        assertThat(halt.halted()).isFalse();
        assertThat(changes.get()).as("listeners hear of each change").isGreaterThanOrEqualTo(3);

        halt.fatal(ZERO_BALANCE, halt.epoch(), "b/3");
        assertThat(published).as("a new halt publishes again").hasSize(2);
    }

    @Test
    void aFatalAnswerToARequestSentBeforeTheNewestResumeIsIgnored() {
        halt.followed(fleet);
        follow(FleetEventType.HALT, -1);
        follow(FleetEventType.RESUME, -1); // offset 1

        halt.fatal(ZERO_BALANCE, -1, "b/old");

        assertThat(halt.halted()).isFalse();
        assertThat(published).isEmpty();
    }

    @Test
    void aFatalAnswerWhileTheFleetIsHaltedAlreadyPublishesNothing() {
        halt.followed(fleet);
        follow(FleetEventType.HALT, -1);
        halt.fatal(ZERO_BALANCE, -1, "b/1");
        assertThat(published).isEmpty();
        assertThat(halt.halted()).isTrue();
    }
}
