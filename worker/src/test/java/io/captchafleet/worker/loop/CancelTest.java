package io.captchafleet.worker.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.captchafleet.common.errors.ErrorClassifier;
import io.captchafleet.common.errors.Phase;
import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code captcha-fleet cancel}: no new submit for the batch's cancelled generation; what would be submitted
 * (queued, new records, retries, the next attempt of a failed submit) ends failed with {@code CANCELLED};
 * a paid task is polled to its answer and recorded; a newer generation ({@code retry-failed}) is solved again.
 */
class CancelTest {
    private static final ErrorClassifier CLASSIFIER = ErrorClassifier.standard();

    @Test
    void aCancelEndsTheQueuedNewAndRetriedTasksAsCancelledWhileThePaidOneIsPolledToItsAnswer() {
        LoopFixture f = new LoopFixture(b -> b.ledgerWindow(2));
        f.start(0);
        for (int i = 1; i <= 5; i++) {
            f.publishTask(0, Integer.toString(i), LoopFixture.data("https://example.test/" + i));
        }
        f.turnUntil("two tasks are handed to the solver", () -> f.solver.calls().size() == 2);
        assertThat(f.solver.submits("b/3")).as("the ledger window keeps tasks 3 to 5 queued").isEmpty();

        // A retry waits in a tier for ten minutes: its partition is paused until then.
        TaskRecord retry = TaskRecord.first("b", "7", 6, LoopFixture.data("https://example.test/7"))
                .nextAttempt(f.clock.millis() + 600_000, "ERROR_NO_SLOT_AVAILABLE", 0, null);
        f.publish(LoopFixture.LAYOUT.retry(LoopFixture.LAYOUT.tiers().get(1)), 0, retry);
        f.turns(5);

        f.fleetEvent(FleetEvent.cancel("b", 1, "wrong site key", "ops", Instant.now()));
        f.publishTask(0, "6", LoopFixture.data("https://example.test/6"));
        f.solver.paid("b/1", "s-1", Instant.now()); // task 1's submit was on the wire: it is paid
        f.turnUntil("tasks 3 to 7 end", () -> List.of("b/3", "b/4", "b/5", "b/6", "b/7").stream()
                .allMatch(id -> f.latest().containsKey(id) && f.latest().get(id).status() == OutcomeStatus.FAILED));

        // Task 2 was on the wire: its submit fails, and its next attempt is a submit the batch no longer gets.
        f.solver.failed("b/2", CLASSIFIER.classify("ERROR_NO_SLOT_AVAILABLE", Phase.SUBMIT), Phase.SUBMIT);
        // Task 1 is paid: it is polled to its answer.
        assertThat(f.outcomes("b/1")).first().satisfies(o -> assertThat(o.status()).isEqualTo(OutcomeStatus.IN_FLIGHT));
        f.solver.solved("b/1", "token-1", Instant.now());
        f.turnUntil("tasks 1 and 2 end", () -> f.latest().containsKey("b/2") && f.latest().get("b/1").status() == OutcomeStatus.SOLVED);

        assertThat(f.latest().get("b/1").token()).isEqualTo("token-1");
        for (String id : List.of("b/2", "b/3", "b/4", "b/5", "b/6", "b/7")) {
            Outcome o = f.latest().get(id);
            assertThat(o.status()).as(id).isEqualTo(OutcomeStatus.FAILED);
            assertThat(o.error()).as(id).isEqualTo("CANCELLED");
            assertThat(o.category()).as(id).isEqualTo("cancelled");
        }
        assertThat(f.solver.calls().stream().filter(c -> c.submit).map(c -> c.request.taskId()))
                .as("no submit after the cancel").containsExactlyInAnyOrder("b/1", "b/2");
        assertThat(f.retryRecords()).as("nothing moved to a retry tier after the cancel").containsExactly(retry);
        assertThat(f.loop.heldTasks()).isZero();
    }

    @Test
    void theNextGenerationOfACancelledBatchIsSubmittedAgain() {
        LoopFixture f = new LoopFixture();
        f.start(0);
        f.fleetEvent(FleetEvent.cancel("b", 1, "paused", "ops", Instant.now()));
        TaskRecord first = f.publishTask(0, "1", LoopFixture.data("https://example.test/1"));
        f.turnUntil("it ends cancelled", () -> f.latest().containsKey("b/1"));
        assertThat(f.latest().get("b/1").error()).isEqualTo("CANCELLED");

        f.publish(LoopFixture.LAYOUT.tasks(), 0, first.nextGeneration(2)); // retry-failed --error CANCELLED
        f.turnUntil("the new generation is submitted", () -> f.solver.submits("b/1").size() == 1);
        f.solver.paid("b/1", "s-1", Instant.now());
        f.solver.solved("b/1", "token", Instant.now());
        f.turnUntil("it is solved", () -> f.latest().get("b/1").status() == OutcomeStatus.SOLVED);
        assertThat(f.latest().get("b/1").generation()).isEqualTo(2);
    }
}
