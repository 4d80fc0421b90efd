package io.captchafleet.worker.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;

import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code captcha-fleet purge}: a worker forgets a purged batch — its table entries go, its records are skipped,
 * its outcomes (stragglers, or old ones read again on a restore) are neither kept nor polled, and a task of it
 * still held stops and leaves a tombstone, so that nothing it wrote outlives the purge.
 */
class PurgeTest {

    private static Outcome solvedByFormerOwner(TaskRecord t) {
        return Outcome.forTask(t, OutcomeStatus.SOLVED).worker("former-owner").token("token-" + t.taskId()).paidSubmits(1).build();
    }

    private static Outcome inFlightByFormerOwner(TaskRecord t) {
        return Outcome.forTask(t, OutcomeStatus.IN_FLIGHT).worker("former-owner").solverTaskId("s-" + t.taskId()).paidSubmits(1)
                .submittedAt(Instant.now()).build();
    }

    @Test
    void aPurgedBatchIsForgottenAndAHeldTaskOfItLeavesATombstoneInsteadOfAnAnswer() {
        LoopFixture f = new LoopFixture();
        for (int i = 1; i <= 3; i++) {
            f.publishOutcome(0, solvedByFormerOwner(f.publishTask(0, Integer.toString(i), LoopFixture.data("https://example.test/" + i))));
        }
        f.publishOutcome(0, solvedByFormerOwner(f.publish(LoopFixture.LAYOUT.tasks(), 0,
                TaskRecord.first("other", "1", 0, LoopFixture.data("https://example.test/other")))));
        TaskRecord late = f.publishTask(0, "4", LoopFixture.data("https://example.test/4"));
        f.start(0);
        f.turnUntil("the late task is submitted", () -> f.solver.submits("b/4").size() == 1);
        f.solver.paid("b/4", "s-4", Instant.now());
        f.turnUntil("it is recorded in flight", () -> !f.outcomes("b/4").isEmpty());
        assertThat(f.trackedTasks()).isEqualTo(5);

        f.fleetEvent(FleetEvent.purge("b", "ops", Instant.now()));
        f.turns(3);

        assertThat(f.trackedTasks()).as("only the other batch's task is left").isEqualTo(1);
        assertThat(f.solver.last("b/4").cancelled).as("the held task's poll stops").isTrue();
        assertThat(f.resultValues("b/4")).as("its in_flight, then its tombstone").hasSize(2).last().isNull();
        assertThat(f.loop.heldTasks()).isZero();

        // A record of the batch read again, and a straggler's in_flight outcome: skipped and ignored.
        f.publish(LoopFixture.LAYOUT.tasks(), 0, late);
        f.publishOutcome(0, inFlightByFormerOwner(TaskRecord.first("b", "5", 4, LoopFixture.data("https://example.test/5"))));
        f.turns(5);
        assertThat(f.solver.submits("b/4")).hasSize(1);
        assertThat(f.solver.polls("b/5")).isEmpty();
        assertThat(f.trackedTasks()).isEqualTo(1);
    }

    @Test
    void aRestoreAfterThePurgePollsNoneOfItsPaidTasks() {
        LoopFixture f = new LoopFixture();
        TaskRecord paid = f.publishTask(0, "1", LoopFixture.data("https://example.test/1"));
        f.publishOutcome(0, inFlightByFormerOwner(paid));
        f.fleetEvent(FleetEvent.purge("b", "ops", Instant.now())); // the purge came first; this in_flight is a straggler
        f.start(0);
        f.turns(5);
        assertThat(f.solver.polls("b/1")).isEmpty();
        assertThat(f.trackedTasks()).isZero();

        // The partition moves away and comes back: restored again, from the beginning.
        f.kafka.rebalanceTo(Set.of(1));
        f.turnUntil("partition 1 is ready", f.loop::ready);
        f.kafka.rebalanceTo(Set.of(0));
        f.turnUntil("partition 0 is ready again", f.loop::ready);
        f.turns(3);
        assertThat(f.solver.calls()).isEmpty();
        assertThat(f.trackedTasks()).isZero();
    }

    @Test
    void aPaidSubmitKeptAfterARejectedCommitIsNotRecordedOnceItsBatchIsPurged() {
        LoopFixture f = new LoopFixture();
        f.start(0);
        f.publishTask(0, "a", LoopFixture.data("https://example.test/a"));
        f.turnUntil("it is submitted", () -> f.solver.submits("b/a").size() == 1);
        f.kafka.moveOnBehindTheWorkersBack(); // the group moves on: the commit with a's in_flight is rejected, a is kept
        f.solver.paid("b/a", "s-a", Instant.now());
        f.turns(3);
        assertThat(f.outcomes("b/a")).isEmpty();

        f.fleetEvent(FleetEvent.purge("b", "ops", Instant.now()));
        f.start(0);
        f.turns(5);
        assertThat(f.resultValues("b/a")).as("nothing of the purged batch written back").isEmpty();
        assertThat(f.solver.polls("b/a")).isEmpty();
    }
}
