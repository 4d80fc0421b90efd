package io.captchafleet.worker.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import org.junit.jupiter.api.Test;

/**
 * Hole 3: a worker whose session expired while it was paused (a GC pause, a network split) is a zombie
 * until it notices: every transaction that writes a record is fenced by the group generation, so it
 * cannot write after its partitions moved, and it polls nothing of a partition it no longer owns.
 */
class ZombieTest {

    @Test
    void aZombieCannotCommitEvenWhenNoOffsetMovesAndPollsNothingOfItsFormerPartitions() {
        LoopFixture f = new LoopFixture();
        f.start(0);
        f.publishTask(0, "a", LoopFixture.data("https://example.test/a"));
        f.publishTask(0, "b", LoopFixture.data("https://example.test/b"));
        f.turnUntil("both are submitted", () -> f.solver.submits("b/b").size() == 1);
        f.solver.paid("b/a", "s-a", Instant.now());
        f.turnUntil("a is recorded", () -> f.outcomes("b/a").size() == 1);

        // The session expires; the group gives partition 0 to another member. This worker does not know yet.
        f.kafka.moveOnBehindTheWorkersBack();
        f.solver.paid("b/b", "s-b", Instant.now()); // its in_flight moves no offset: a's record is still unfinished
        f.turns(3);
        assertThat(f.outcomes("b/b")).as("the zombie's write").isEmpty();
        assertThat(f.loop.notReadyBecause()).isEqualTo("no partitions assigned yet");

        // The new owner records a paid task of its own; the zombie's consumer still reads the partition.
        TaskRecord c = TaskRecord.first("b", "c", 2, LoopFixture.data("https://example.test/c"));
        f.publishOutcome(0, Outcome.forTask(c, OutcomeStatus.IN_FLIGHT).worker("new-owner").solverTaskId("s-c").paidSubmits(1)
                .submittedAt(Instant.now()).build());
        f.solver.solved("b/a", "token-a", Instant.now());
        f.turns(3);
        assertThat(f.solver.polls("b/c")).as("polls of another worker's task").isEmpty();
        assertThat(f.latest().get("b/a").status()).as("no outcome written after the move").isEqualTo(OutcomeStatus.IN_FLIGHT);

        // The group gives the partition back: the kept paid submit of b is recorded, and b is polled, not paid again.
        f.start(0);
        f.turnUntil("b is polled", () -> f.solver.polls("b/b").size() == 1);
        assertThat(f.outcomes("b/b")).singleElement().satisfies(o -> assertThat(o.solverTaskId()).isEqualTo("s-b"));
        assertThat(f.solver.submits("b/b")).hasSize(1);
    }
}
