package io.captchafleet.worker.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.captchafleet.common.errors.ErrorClassifier;
import io.captchafleet.common.errors.Phase;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.junit.jupiter.api.Test;

/**
 * A task resumed from a former owner's {@code in_flight} outcome may end before its input record is judged here. A
 * record judged while that outcome waits for its commit must not become the task's input: the task has settled its
 * offsets already, so that record's offset would stay unfinished and hold its partition's committed offset (its lag)
 * for good. It waits behind the task instead, and is passed over once the outcome is committed.
 */
class ResumedTaskInputTest {
    private static final TopicPartition TASKS_0 = LoopFixture.tp(LoopFixture.LAYOUT.tasks(), 0);

    private static TaskRecord task(String id) {
        return TaskRecord.first("b", id, 0, LoopFixture.data("https://example.test/" + id));
    }

    /** What a former owner committed before the partition moved here: the task paid and in flight. */
    private static Outcome inFlightByFormerOwner(TaskRecord task) {
        return Outcome.forTask(task, OutcomeStatus.IN_FLIGHT).worker("former-owner").solverTaskId("s-old").paidSubmits(1)
                .submittedAt(Instant.parse("2026-12-01T09:59:00Z")).build();
    }

    private static void turnUntilSolved(LoopFixture f, String taskId) {
        f.turnUntil(taskId + " is solved and committed", () -> f.latest().containsKey(taskId)
                && f.latest().get(taskId).status() == OutcomeStatus.SOLVED);
    }

    @Test
    void aRecordJudgedAtTheCapWhileItsResumedTaskIsFinishingIsPassedOverAndTheWholePartitionIsCommitted() {
        LoopFixture f = new LoopFixture(b -> b.maxInFlight(2));
        f.publish(LoopFixture.LAYOUT.tasks(), 0, task("x"));                 // offset 0
        TaskRecord resumed = f.publish(LoopFixture.LAYOUT.tasks(), 0, task("1")); // offset 1
        f.publishOutcome(0, inFlightByFormerOwner(resumed));
        f.start(0);
        f.turnUntil("x is submitted and 1 polled from its in_flight outcome",
                () -> f.solver.submits("b/x").size() == 1 && f.solver.polls("b/1").size() == 1);
        f.turns(3);
        assertThat(f.solver.submits("b/1")).as("1 is paid already: polled, never submitted").isEmpty();

        f.solver.paid("b/x", "s-x", Instant.now());
        f.solver.solved("b/x", "token-x", Instant.now());
        turnUntilSolved(f, "b/x"); // x's slot is free from now on; 1's record waits at the cap still
        f.solver.solved("b/1", "token-1", Instant.now()); // judged in the turn its outcome goes to the transaction
        turnUntilSolved(f, "b/1");
        f.turns(5);

        assertThat(f.kafka.committedOffset(TASKS_0)).as("both records are done: the partition is committed to its end")
                .isEqualTo(2L);
        assertThat(f.loop.heldTasks()).isZero();
        assertThat(f.solver.polls("b/1")).hasSize(1);
        assertThat(f.solver.submits("b/1")).isEmpty();
    }

    @Test
    void aRecordReadWhileItsResumedTaskIsFinishingIsPassedOverAndItsOffsetCommitted() {
        LoopFixture f = new LoopFixture();
        TaskRecord resumed = task("1");
        f.publishOutcome(0, inFlightByFormerOwner(resumed));
        f.start(0);
        f.turnUntil("1 is polled from its in_flight outcome", () -> f.solver.polls("b/1").size() == 1);

        f.kafka.failCommits(new TransactionAbortableException("the transaction coordinator is moving"));
        f.solver.solved("b/1", "token-1", Instant.now());
        f.turn(); // its outcome is in the next transaction, which does not go through yet
        f.publish(LoopFixture.LAYOUT.tasks(), 0, resumed); // its input record arrives late (offset 0)
        turnUntilSolved(f, "b/1");
        f.turns(5);

        assertThat(f.kafka.committedOffset(TASKS_0)).as("the late record is done too").isEqualTo(1L);
        assertThat(f.loop.heldTasks()).isZero();
        assertThat(f.solver.submits("b/1")).isEmpty();
    }

    @Test
    void aResumedTaskAwaitingItsInputRecordTakesNoSlotSoItsRecordIsReadAtTheCapAndTheTaskGoesOn() {
        LoopFixture f = new LoopFixture(b -> b.maxInFlight(1));
        TaskRecord resumed = f.publish(LoopFixture.LAYOUT.tasks(), 0, task("1"));
        f.publishOutcome(0, inFlightByFormerOwner(resumed));
        f.start(0);
        f.turnUntil("1 is polled from its in_flight outcome", () -> f.solver.polls("b/1").size() == 1);
        f.turns(3);
        assertThat(f.kafka.deliveries(TASKS_0)).as("at the cap, its record is not read").isEmpty();

        // The provider forgot the solver id: the next step is a new submit, which needs the task's input record.
        f.solver.failed("b/1", ErrorClassifier.standard().classify("ERROR_NO_SUCH_CAPCHA_ID", Phase.POLL), Phase.POLL);
        f.turnUntil("1 is submitted again from its input record", () -> f.solver.submits("b/1").size() == 1);
        f.solver.paid("b/1", "s-new", Instant.now());
        f.solver.solved("b/1", "token-1", Instant.now());
        turnUntilSolved(f, "b/1");
        f.turns(5);

        assertThat(f.kafka.committedOffset(TASKS_0)).isEqualTo(1L);
        assertThat(f.loop.heldTasks()).isZero();
    }
}
