package io.captchafleet.worker.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * At {@code --max-in-flight} the loop keeps what it has read and judges it as slots free up, one in for one out: no
 * seek back, no record fetched twice, offsets committed only below the records still waiting, and nothing lost when
 * their partition moves away.
 */
class AdmissionTest {
    private static final TopicPartition TASKS_0 = LoopFixture.tp(LoopFixture.LAYOUT.tasks(), 0);
    private static final TopicPartition TASKS_1 = LoopFixture.tp(LoopFixture.LAYOUT.tasks(), 1);

    private static void publish(LoopFixture f, int partition, String... ids) {
        for (String id : ids) {
            f.publishTask(partition, id, LoopFixture.data("https://example.test/" + id));
        }
    }

    /** Pays and solves a submitted task and turns until its outcome is committed (its slot is free then). */
    private static void finish(LoopFixture f, String id) {
        f.solver.paid("b/" + id, "s-" + id, Instant.now());
        f.solver.solved("b/" + id, "token-" + id, Instant.now());
        f.turnUntil("task " + id + " is solved and committed", () -> f.latest().containsKey("b/" + id)
                && f.latest().get("b/" + id).status().terminal());
    }

    private static boolean submitted(LoopFixture f, String id) {
        return !f.solver.submits("b/" + id).isEmpty();
    }

    @Test
    void recordsReadAtTheCapAreJudgedOneForOneAsSlotsFreeUpAndNoneIsFetchedTwice() {
        LoopFixture f = new LoopFixture(b -> b.maxInFlight(2));
        f.start(0);
        publish(f, 0, "1", "2", "3", "4", "5");
        f.turnUntil("two tasks are submitted", () -> submitted(f, "1") && submitted(f, "2"));
        f.turns(5);
        assertThat(f.loop.heldTasks()).isEqualTo(2);
        assertThat(submitted(f, "3")).as("the cap holds").isFalse();

        finish(f, "1");
        f.turnUntil("the next record takes the free slot", () -> submitted(f, "3"));
        f.turns(3);
        assertThat(submitted(f, "4")).as("one in for one out").isFalse();
        finish(f, "2");
        f.turnUntil("task 4", () -> submitted(f, "4"));
        finish(f, "3");
        f.turnUntil("task 5", () -> submitted(f, "5"));

        assertThat(f.kafka.deliveries(TASKS_0)).as("times each offset was fetched").hasSize(5).allSatisfy((offset, times) ->
                assertThat(times).as("offset %d", offset).isEqualTo(1));
    }

    @Test
    void offsetsAreCommittedOnlyBelowTheRecordsWaitingAtTheCap() {
        LoopFixture f = new LoopFixture(b -> b.maxInFlight(1));
        f.start(0);
        publish(f, 0, "1", "2", "3");
        f.turnUntil("task 1 is submitted", () -> submitted(f, "1"));
        finish(f, "1");
        f.turnUntil("task 2 is submitted", () -> submitted(f, "2"));
        f.turns(5);

        assertThat(submitted(f, "3")).isFalse();
        assertThat(f.kafka.committedOffset(TASKS_0)).as("task 2 (offset 1) is unfinished, task 3 waits").isEqualTo(1L);
        finish(f, "2");
        f.turnUntil("task 3 is submitted", () -> submitted(f, "3"));
        f.turns(5);
        assertThat(f.kafka.committedOffset(TASKS_0)).isEqualTo(2L);
    }

    @Test
    void recordsWaitingAtTheCapWhosePartitionMovesAwayAreLeftForTheNextOwnerAndReadAgainWhenItComesBack() {
        LoopFixture f = new LoopFixture(b -> b.maxInFlight(1));
        f.start(0, 1);
        publish(f, 1, "b", "c");
        f.turnUntil("task b is submitted", () -> submitted(f, "b"));
        f.solver.paid("b/b", "s-b", Instant.now());
        f.turnUntil("b is recorded in flight", () -> f.latest().containsKey("b/b"));
        assertThat(f.kafka.deliveries(TASKS_1)).as("c read, waiting at the cap").containsOnlyKeys(0L, 1L);

        f.kafka.rebalanceTo(Set.of(0));
        f.turnUntil("partition 1 is gone", () -> !f.kafka.rebalancePending() && f.loop.ready());
        assertThat(f.kafka.committedOffset(TASKS_1)).as("b (offset 0) in flight, c waiting: nothing committed past them")
                .isEqualTo(0L);
        f.kafka.rebalanceTo(Set.of(0, 1));
        f.turnUntil("partition 1 is back and b polled from its in_flight record",
                () -> !f.kafka.rebalancePending() && f.loop.ready() && !f.solver.polls("b/b").isEmpty());
        f.solver.solved("b/b", "token-b", Instant.now());
        f.turnUntil("task c is submitted from its record read again", () -> submitted(f, "c"));

        assertThat(f.solver.submits("b/b")).as("b was paid once").hasSize(1);
        assertThat(f.kafka.deliveries(TASKS_1).get(1L)).isEqualTo(2);
    }
}
