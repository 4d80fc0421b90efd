package io.captchafleet.worker.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import io.captchafleet.common.errors.ErrorClassifier;
import io.captchafleet.common.errors.Phase;
import io.captchafleet.common.errors.TransportFailure;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.redact.Redactor;
import org.junit.jupiter.api.Test;

/**
 * The first retry of a failed submit happens in the worker, without a retry record: after about a second for a
 * transient failure, after the documented wait where the provider gives one, at once for the one more try of a task
 * error; never sooner. Later failures travel through the tiers as before.
 */
class ShortRetryTest {
    private static final ErrorClassifier CLASSIFIER = ErrorClassifier.standard();
    private static final String TASK = "b/1";

    private static LoopFixture submitted() {
        LoopFixture f = new LoopFixture();
        f.start(0);
        f.publishTask(0, "1", LoopFixture.data("https://example.test/1"));
        f.turnUntil("the task is submitted", () -> f.solver.submits(TASK).size() == 1);
        return f;
    }

    /** Turns the loop until the clock has moved on {@code d} since {@code from}, asserting no new submit meanwhile. */
    private static void noSubmitUntil(LoopFixture f, Instant from, Duration d, int submitsSoFar) {
        while (f.clock.instant().isBefore(from.plus(d))) {
            f.turn();
            assertThat(f.solver.submits(TASK)).as("submits %s after the failure", Duration.between(from, f.clock.instant()))
                    .hasSize(submitsSoFar);
        }
    }

    @Test
    void aSubmitAnsweredHttp500IsSubmittedAgainAfterAboutASecondNeverSoonerWithoutARetryRecord() {
        LoopFixture f = submitted();
        Instant failedAt = f.clock.instant();
        f.solver.failed(TASK, CLASSIFIER.classify(TransportFailure.HTTP_5XX, Phase.SUBMIT, Duration.ZERO), Phase.SUBMIT);

        noSubmitUntil(f, failedAt, Duration.ofMillis(750), 1);
        f.turnUntil("it is submitted again", () -> f.solver.submits(TASK).size() == 2);

        assertThat(Duration.between(failedAt, f.clock.instant())).isLessThanOrEqualTo(Duration.ofMillis(1250 + 100));
        assertThat(f.retryRecords()).isEmpty();
        assertThat(f.outcomes(TASK)).as("nothing to record: nothing was paid").isEmpty();
        f.solver.paid(TASK, "s-2", f.clock.instant());
        f.solver.solved(TASK, "token", f.clock.instant());
        f.turnUntil("solved", () -> !f.outcomes(TASK).isEmpty() && f.latest().get(TASK).status() == OutcomeStatus.SOLVED);
        assertThat(f.latest().get(TASK).attempt()).isEqualTo(1);
        assertThat(f.latest().get(TASK).paidSubmits()).isEqualTo(1);
    }

    @Test
    void noSlotIsSubmittedAgainOnlyAfterTheProvidersDocumentedFiveSeconds() {
        LoopFixture f = submitted();
        Instant failedAt = f.clock.instant();
        f.solver.failed(TASK, CLASSIFIER.classify("ERROR_NO_SLOT_AVAILABLE", Phase.SUBMIT), Phase.SUBMIT);

        noSubmitUntil(f, failedAt, Duration.ofSeconds(5), 1);
        f.turnUntil("it is submitted again", () -> f.solver.submits(TASK).size() == 2);
        assertThat(f.retryRecords()).isEmpty();
    }

    @Test
    void aSecondTransientFailureGoesToTheFirstTierWithARetryingOutcome() {
        LoopFixture f = submitted();
        var http500 = CLASSIFIER.classify(TransportFailure.HTTP_5XX, Phase.SUBMIT, Duration.ZERO);
        f.solver.failed(TASK, http500, Phase.SUBMIT);
        f.clock.advance(Duration.ofSeconds(2));
        f.turnUntil("it is submitted again", () -> f.solver.submits(TASK).size() == 2);

        f.solver.failed(TASK, http500, Phase.SUBMIT);
        f.turnUntil("it moves to a retry tier", () -> !f.retryRecords().isEmpty());

        TaskRecord retry = f.retryRecords().get(0);
        assertThat(retry.attempt()).isEqualTo(2);
        assertThat(retry.lastError()).isEqualTo("HTTP_5XX");
        assertThat(retry.notBefore()).isGreaterThanOrEqualTo(f.clock.millis() - 500 + 1_000); // the fixture's first tier: 1s
        assertThat(f.latest().get(TASK).status()).isEqualTo(OutcomeStatus.RETRYING);
    }

    @Test
    void anUnsolvableTaskIsSubmittedAgainAtOnceInItsAttemptAndFailsOnASecondUnsolvable() {
        LoopFixture f = submitted();
        f.solver.paid(TASK, "s-1", f.clock.instant());
        f.turnUntil("in_flight is committed", () -> !f.outcomes(TASK).isEmpty());
        var unsolvable = CLASSIFIER.classify("ERROR_CAPTCHA_UNSOLVABLE", Phase.POLL);

        f.solver.failed(TASK, unsolvable, Phase.POLL);
        f.turn();
        f.turn();
        assertThat(f.solver.submits(TASK)).as("the one more try goes at once").hasSize(2);
        f.solver.paid(TASK, "s-2", f.clock.instant());
        f.turnUntil("its second in_flight is committed", () -> f.outcomes(TASK).size() == 2);
        Outcome second = f.outcomes(TASK).get(1);
        assertThat(second.status()).isEqualTo(OutcomeStatus.IN_FLIGHT);
        assertThat(second.attempt()).isEqualTo(1);
        assertThat(second.paidSubmits()).isEqualTo(2);
        assertThat(second.solverTaskId()).isEqualTo("s-2");
        assertThat(second.error()).as("the record says the task error had its one more try").isEqualTo("ERROR_CAPTCHA_UNSOLVABLE");
        assertThat(second.category()).isEqualTo("task");

        f.solver.failed(TASK, unsolvable, Phase.POLL);
        f.turnUntil("it fails", () -> f.latest().get(TASK).status() == OutcomeStatus.FAILED);
        assertThat(f.latest().get(TASK).error()).isEqualTo("ERROR_CAPTCHA_UNSOLVABLE");
        assertThat(f.solver.submits(TASK)).hasSize(2);
        assertThat(f.retryRecords()).isEmpty();
    }

    @Test
    void aTaskWhoseTaskErrorHadItsOneMoreTryBeforeARestartFailsOnTheNextOneInsteadOfPayingAThirdTime() {
        LoopFixture f = new LoopFixture();
        TaskRecord task = f.publishTask(0, "1", LoopFixture.data("https://example.test/1"));
        // What this worker's previous life recorded: the second submit of attempt 1, after an unsolvable answer.
        f.publishOutcome(0, Outcome.forTask(task, OutcomeStatus.IN_FLIGHT).worker(LoopFixture.WORKER)
                .taskData(Redactor.redact(task.taskData())).solverTaskId("s-2").paidSubmits(2)
                .error("ERROR_CAPTCHA_UNSOLVABLE", "task").submittedAt(f.clock.instant()).build());
        f.start(0);
        f.turnUntil("the paid task is polled", () -> f.solver.polls(TASK).size() == 1);

        f.solver.failed(TASK, CLASSIFIER.classify("ERROR_CAPTCHA_UNSOLVABLE", Phase.POLL), Phase.POLL);
        f.turnUntil("it fails", () -> f.latest().get(TASK).status() == OutcomeStatus.FAILED);

        assertThat(f.solver.submits(TASK)).isEmpty();
        assertThat(f.latest().get(TASK).paidSubmits()).isEqualTo(2);
    }

    @Test
    void aTaskWaitingForItsShortRetryIsDroppedWithItsPartitionAndNeverSubmittedHere() {
        LoopFixture f = submitted();
        f.solver.failed(TASK, CLASSIFIER.classify("ERROR_NO_SLOT_AVAILABLE", Phase.SUBMIT), Phase.SUBMIT);
        f.turns(2);

        f.kafka.rebalanceTo(java.util.Set.of(1));
        f.turnUntil("the worker is ready on its new partition", f.loop::ready);
        f.clock.advance(Duration.ofSeconds(10));
        f.turns(5);

        assertThat(f.solver.submits(TASK)).hasSize(1);
        assertThat(f.loop.heldTasks()).isZero();
        assertThat(f.kafka.committedOffset(LoopFixture.tp(LoopFixture.LAYOUT.tasks(), 0)))
                .as("its record stays unfinished for the next owner").isIn(null, 0L);
    }
}
