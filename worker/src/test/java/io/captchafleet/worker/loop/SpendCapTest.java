package io.captchafleet.worker.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.captchafleet.common.errors.ErrorClassifier;
import io.captchafleet.common.errors.Phase;
import io.captchafleet.common.errors.TransportFailure;
import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.worker.solver.Cost;
import org.junit.jupiter.api.Test;

/** A batch's spend cap on the fake cluster: what is submitted, what waits and where, and how it goes on. */
class SpendCapTest {
    private static final BigDecimal ONE = new BigDecimal("1.00");
    private static final Cost ONE_EACH = new Cost(ONE, Cost.PRICE);

    private static LoopFixture fixture(int partitions) {
        LoopFixture f = new LoopFixture();
        f.kafka.partitionCount(partitions);
        return f;
    }

    private static void payAndSolve(LoopFixture f, String taskId, Cost cost) {
        f.solver.paid(taskId, "s-" + taskId, Instant.now());
        f.solver.solved(taskId, "token", Instant.now(), cost);
        f.turnUntil(taskId + " is solved", () -> f.latest().containsKey(taskId)
                && f.latest().get(taskId).status() == OutcomeStatus.SOLVED);
    }

    private static long submitted(LoopFixture f, String batch) {
        return f.solver.calls().stream().filter(c -> c.submit && c.request.taskId().startsWith(batch + "/")).count();
    }

    @Test
    void aCappedBatchStopsAtItsCapWhileAnotherBatchInTheSamePartitionGoesOnAndCapEventsRaiseAndLiftIt() {
        LoopFixture f = fixture(1);
        f.solver.price(ONE_EACH);
        f.start(0);
        for (int i = 1; i <= 5; i++) {
            f.publishTask(0, "c", Integer.toString(i), new BigDecimal("2.00"));
        }
        f.publishTask(0, "o", "1", null);

        f.turnUntil("the other batch's task is submitted", () -> f.solver.submits("o/1").size() == 1);
        f.turns(5);
        assertThat(submitted(f, "c")).as("two at 1.00 fit a cap of 2.00").isEqualTo(2);
        assertThat(f.solver.submits("c/1")).hasSize(1);
        assertThat(f.solver.submits("c/2")).hasSize(1);
        assertThat(f.loop.heldAtSpendCap()).containsExactly("c");
        assertThat(f.loop.heldTasks()).as("held tasks cost no memory").isEqualTo(3);

        payAndSolve(f, "o/1", ONE_EACH);
        payAndSolve(f, "c/1", ONE_EACH);
        payAndSolve(f, "c/2", ONE_EACH);
        f.turns(25);
        assertThat(submitted(f, "c")).isEqualTo(2);
        assertThat(f.kafka.committedOffset(LoopFixture.tp(LoopFixture.LAYOUT.tasks(), 0)))
                .as("the commit stops at the first held record, so a restart reads it again").isEqualTo(2);
        assertThat(f.latest().get("c/1").cost()).isEqualByComparingTo("1.00");
        assertThat(f.latest().get("c/1").costSource()).isEqualTo(Cost.PRICE);

        f.fleetEvent(FleetEvent.cap("c", new BigDecimal("4.00"), "ops", Instant.now()));
        f.turnUntil("the raised cap lets two more go", () -> submitted(f, "c") == 4);
        f.turns(25);
        assertThat(submitted(f, "c")).isEqualTo(4);
        assertThat(f.solver.submits("c/5")).isEmpty();

        f.fleetEvent(FleetEvent.cap("c", null, "ops", Instant.now()));
        f.turnUntil("the lifted cap lets the last go", () -> f.solver.submits("c/5").size() == 1);
        f.turns(25);
        assertThat(f.loop.heldAtSpendCap()).isEmpty();
        assertThat(f.solver.calls().stream().filter(c -> c.submit).count()).as("nothing submitted twice").isEqualTo(6);
    }

    @Test
    void whileNoPriceIsKnownOneTaskGoesFirstAndTheRestWaitForWhatItCost() {
        LoopFixture f = fixture(1);
        f.start(0);
        for (int i = 1; i <= 4; i++) {
            f.publishTask(0, "c", Integer.toString(i), new BigDecimal("7.00"));
        }
        f.turnUntil("one task is submitted", () -> submitted(f, "c") == 1);
        f.turns(25);
        assertThat(submitted(f, "c")).as("the rest wait for the first one's price").isEqualTo(1);

        payAndSolve(f, "c/1", new Cost(new BigDecimal("2.00"), Cost.API));
        f.turnUntil("the price is known: two more fit 7.00", () -> submitted(f, "c") == 3);
        f.turns(25);
        assertThat(submitted(f, "c")).isEqualTo(3);
        assertThat(f.solver.submits("c/4")).isEmpty();
    }

    @Test
    void aWorkerSpendsOnlyItsPartitionsShareOfTheCap() {
        LoopFixture f = fixture(4);
        f.solver.price(ONE_EACH);
        f.start(0);
        for (int i = 1; i <= 3; i++) {
            f.publishTask(0, "c", Integer.toString(i), new BigDecimal("4.00"));
        }
        f.turnUntil("a task is submitted", () -> submitted(f, "c") == 1);
        f.turns(25);
        assertThat(submitted(f, "c")).as("one partition of four: a quarter of 4.00").isEqualTo(1);
    }

    @Test
    void aLoweredCapHoldsTheTasksStillQueuedAndOnlyThoseOnTheWireGoOn() {
        LoopFixture f = new LoopFixture(b -> b.ledgerWindow(1));
        f.kafka.partitionCount(1);
        f.solver.price(ONE_EACH);
        f.start(0);
        for (int i = 1; i <= 5; i++) {
            f.publishTask(0, "c", Integer.toString(i), new BigDecimal("5.00"));
        }
        f.turnUntil("the first is submitted", () -> submitted(f, "c") == 1);
        f.fleetEvent(FleetEvent.cap("c", ONE, "ops", Instant.now()));
        payAndSolve(f, "c/1", ONE_EACH);
        f.turns(30);
        assertThat(submitted(f, "c")).as("the four queued under the old cap wait under the new one").isEqualTo(1);
        assertThat(f.loop.heldAtSpendCap()).containsExactly("c");
    }

    @Test
    void whatEveryPaidSubmitCostAddsUpInTheOutcomeAndTravelsWithTheTaskAndItsRetryRecord() {
        LoopFixture f = fixture(1);
        f.start(0);
        f.publishTask(0, "b", "1", null);
        f.turnUntil("submitted", () -> f.solver.submits("b/1").size() == 1);
        f.solver.paid("b/1", "s-1", Instant.now());
        f.solver.failed("b/1", ErrorClassifier.standard().classify("ERROR_CAPTCHA_UNSOLVABLE", Phase.POLL), Phase.POLL,
                new Cost(new BigDecimal("0.003"), Cost.BALANCE));
        // A task error's one more try goes at once, in the worker: the cost stays with the task.
        f.turnUntil("submitted again at once", () -> f.solver.submits("b/1").size() == 2);
        var http500 = ErrorClassifier.standard().classify(TransportFailure.HTTP_5XX, Phase.SUBMIT, Duration.ZERO);
        f.solver.failed("b/1", http500, Phase.SUBMIT);
        f.clock.advance(Duration.ofSeconds(2));
        f.turnUntil("its short retry is submitted", () -> f.solver.submits("b/1").size() == 3);
        f.solver.failed("b/1", http500, Phase.SUBMIT);
        f.turnUntil("the retry record is written", () -> !f.retryRecords().isEmpty());
        TaskRecord retry = f.retryRecords().get(0);
        assertThat(retry.cost()).isEqualByComparingTo("0.003");
        Outcome retrying = f.latest().get("b/1");
        assertThat(retrying.status()).isEqualTo(OutcomeStatus.RETRYING);
        assertThat(retrying.cost()).isEqualByComparingTo("0.003");
        assertThat(retrying.costSource()).isEqualTo(Cost.BALANCE);

        f.clock.advance(Duration.ofSeconds(2));
        f.turnUntil("the retry is submitted", () -> f.solver.submits("b/1").size() == 4);
        f.solver.paid("b/1", "s-2", Instant.now());
        f.turnUntil("in_flight committed", () -> f.latest().get("b/1").status() == OutcomeStatus.IN_FLIGHT);
        assertThat(f.latest().get("b/1").cost()).as("in flight: what the submits before cost").isEqualByComparingTo("0.003");
        f.solver.solved("b/1", "token", Instant.now(), new Cost(new BigDecimal("0.00299"), Cost.API));
        f.turnUntil("solved", () -> f.latest().get("b/1").status() == OutcomeStatus.SOLVED);
        Outcome solved = f.latest().get("b/1");
        assertThat(solved.cost()).isEqualByComparingTo("0.00599");
        assertThat(solved.costSource()).isEqualTo(Cost.API);
        assertThat(List.of(solved.paidSubmits())).containsExactly(2);
    }

    @Test
    void aWorkerSpendsItsPartitionsShareOfTheBatchsTasksAsTheRecordsSayNotAnEqualShare() {
        LoopFixture f = fixture(4);
        f.solver.price(ONE_EACH);
        f.start(0);
        for (int i = 1; i <= 4; i++) {
            f.publish(LoopFixture.LAYOUT.tasks(), 0, TaskRecord.first("c", Integer.toString(i), i, LoopFixture.data("https://x.test/" + i),
                    new BigDecimal("4.00"), 0.75)); // three quarters of the batch's tasks are in partition 0
        }
        f.turnUntil("three are submitted", () -> submitted(f, "c") == 3);
        f.turns(25);
        assertThat(submitted(f, "c")).as("0.75 of 4.00, not a quarter for one partition of four").isEqualTo(3);
    }

    @Test
    void aPartitionsTasksSpendOnlyItsShareSoARebalanceCannotAddUpToMore() {
        LoopFixture f = fixture(2);
        f.solver.price(ONE_EACH);
        f.start(0, 1);
        for (int i = 1; i <= 3; i++) {
            f.publishTask(0, "c", Integer.toString(i), new BigDecimal("2.00"));
        }
        f.turnUntil("one is submitted", () -> submitted(f, "c") == 1);
        f.turns(25);
        assertThat(submitted(f, "c")).as("partition 0's half of 2.00, though this worker owns partition 1 too").isEqualTo(1);
    }
}
