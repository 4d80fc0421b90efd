package io.captchafleet.worker.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;

import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.worker.loop.tasks.Stage;
import org.junit.jupiter.api.Test;

/** The loop's ordinary path on the fake cluster: what the edge-case tests build on. */
class LoopBasicsTest {

    @Test
    void aTaskIsSubmittedRecordedInFlightAsSoonAsPaidThenSolvedAndItsOffsetCommitted() {
        LoopFixture f = new LoopFixture();
        f.start(0);
        f.publishTask(0, "1", LoopFixture.data("https://example.test/1"));

        f.turnUntil("the task is submitted", () -> f.solver.submits("b/1").size() == 1);
        f.solver.paid("b/1", "s-1", Instant.now());
        f.turnUntil("in_flight is committed", () -> !f.outcomes("b/1").isEmpty());
        assertThat(f.outcomes("b/1")).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(OutcomeStatus.IN_FLIGHT);
            assertThat(o.solverTaskId()).isEqualTo("s-1");
        });

        f.solver.solved("b/1", "token-1", Instant.now());
        f.turnUntil("solved is committed", () -> f.latest().get("b/1").status() == OutcomeStatus.SOLVED);
        f.turns(3);
        assertThat(f.kafka.committedOffset(LoopFixture.tp(LoopFixture.LAYOUT.tasks(), 0))).isEqualTo(1);
        assertThat(f.loop.heldTasks()).isZero();
        assertThat(f.loop.failure()).isNull();
    }

    @Test
    void recordsWaitingBehindATaskInFlightCountAgainstMaxInFlight() {
        LoopFixture f = new LoopFixture(b -> b.maxInFlight(2));
        f.start(0);
        f.publishTask(0, "1", LoopFixture.data("https://example.test/1"));
        f.turnUntil("the task is submitted", () -> f.solver.submits("b/1").size() == 1);
        // The same task twice more (a duplicate record, a retry republished by an operator), then another task.
        f.publishTask(0, "1", LoopFixture.data("https://example.test/1"));
        f.publishTask(0, "1", LoopFixture.data("https://example.test/1"));
        f.publishTask(0, "2", LoopFixture.data("https://example.test/2"));
        f.turns(5);

        assertThat(f.loop.heldTasks()).as("one task and one record waiting behind it").isEqualTo(2);
        assertThat(f.solver.submits("b/2")).as("the cap stops reading").isEmpty();
        assertThat(Stage.SUBMITTING.unsettled()).isTrue();
    }

    @Test
    void aPartitionWhoseCommittedOffsetCannotBeDeterminedWaitsAndSaysSoWithoutEndingTheWorker() {
        LoopFixture f = new LoopFixture();
        // A transactional offset commit of a killed worker is still pending: the broker cannot say where to read.
        f.kafka.makeOffsetsUnstable(LoopFixture.tp(LoopFixture.LAYOUT.tasks(), 0));
        f.kafka.rebalanceTo(Set.of(0));
        f.turns(10);
        assertThat(f.loop.notReadyBecause()).isEqualTo("partition 0 is starting");

        f.kafka.rebalanceTo(Set.of(0, 1)); // and a rebalance meanwhile, across polls
        f.turns(10);
        assertThat(f.loop.failure()).isNull();
        f.kafka.makeOffsetsStable();
        f.turnUntil("both partitions are ready", f.loop::ready);
        f.publishTask(1, "1", LoopFixture.data("https://example.test/1"));
        f.turnUntil("work goes on", () -> f.solver.submits("b/1").size() == 1);
    }
}
