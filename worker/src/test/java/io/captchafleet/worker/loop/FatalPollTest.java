package io.captchafleet.worker.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.captchafleet.common.errors.ErrorClassifier;
import io.captchafleet.common.errors.Phase;
import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.model.FleetEventType;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import org.junit.jupiter.api.Test;

/**
 * Hole 4: a fatal answer met while polling a resumed task halts the fleet like any other: stamped with
 * the RESUME it was sent after (not -1, which every RESUME would make stale), one FATAL per halt, the gate
 * kept closed by it until a newer RESUME, and the parked poll not counted as work a halt lets finish.
 */
class FatalPollTest {
    private static final ErrorClassifier CLASSIFIER = ErrorClassifier.standard();

    private static FleetEvent event(FleetEventType type, long resumeOffset) {
        return new FleetEvent(type, type == FleetEventType.FATAL ? "ERROR_ZERO_BALANCE" : null, "test", null, "ops",
                Instant.now(), resumeOffset, null, null);
    }

    @Test
    void aFatalAnswerWhilePollingHaltsOncePublishesOneFatalAndParksThePollUntilTheResume() {
        LoopFixture f = new LoopFixture();
        // An earlier halt, long resumed: the newest RESUME is at offset 1.
        f.fleetEvent(event(FleetEventType.HALT, -1));
        f.fleetEvent(event(FleetEventType.RESUME, -1));
        TaskRecord a = f.publishTask(0, "a", LoopFixture.data("https://example.test/a"));
        TaskRecord b = f.publishTask(0, "b", LoopFixture.data("https://example.test/b"));
        for (TaskRecord t : new TaskRecord[] {a, b}) {
            f.publishOutcome(0, Outcome.forTask(t, OutcomeStatus.IN_FLIGHT).worker("former-owner").solverTaskId("s-" + t.taskId())
                    .paidSubmits(1).submittedAt(Instant.now()).build());
        }
        f.start(0);
        f.turnUntil("both paid tasks are polled", () -> f.solver.polls("b/a").size() == 1 && f.solver.polls("b/b").size() == 1);

        f.solver.failed("b/a", CLASSIFIER.classify("ERROR_KEY_DOES_NOT_EXIST", Phase.POLL), Phase.POLL);
        f.solver.failed("b/b", CLASSIFIER.classify("ERROR_KEY_DOES_NOT_EXIST", Phase.POLL), Phase.POLL);
        f.turns(3);

        assertThat(f.halt.halted()).isTrue();
        assertThat(f.published).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(FleetEventType.FATAL);
            assertThat(e.code()).isEqualTo("ERROR_KEY_DOES_NOT_EXIST");
            assertThat(e.resumeOffset()).isEqualTo(1);
        });
        assertThat(f.loop.unsettledWork()).as("parked polls wait for the RESUME").isZero();

        // An event that resumes nothing (a stale FATAL from before the RESUME) does not open the gate again.
        f.fleetEvent(event(FleetEventType.FATAL, 0));
        f.turns(3);
        assertThat(f.halt.halted()).isTrue();
        assertThat(f.solver.polls("b/a")).as("no poll while halted").hasSize(1);
        assertThat(f.published).as("no FATAL after FATAL").hasSize(1);

        // The watcher reads the FATAL back; then an operator fixes the key and resumes.
        f.fleetEvent(f.published.get(0));
        f.fleetEvent(event(FleetEventType.RESUME, -1));
        f.turnUntil("the parked polls go again", () -> f.solver.polls("b/a").size() == 2 && f.solver.polls("b/b").size() == 2);
        assertThat(f.halt.halted()).isFalse();
    }
}
