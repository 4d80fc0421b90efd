package io.captchafleet.worker.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.errors.ErrorClassifier;
import io.captchafleet.common.errors.Phase;
import io.captchafleet.common.errors.TransportFailure;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.redact.Redactor;
import io.captchafleet.worker.loop.fake.FakeKafka;
import org.junit.jupiter.api.Test;

/**
 * Hole 2: a task resumed from its {@code in_flight} outcome is only polled; a new submit or a retry record
 * takes the task exactly as it was submitted, from its input record, never the outcome's redacted copy.
 */
class ResumedTaskDataTest {
    private static final String PROXY = "alice:s3cret-pass@10.0.0.7:3128";
    private static final ErrorClassifier CLASSIFIER = ErrorClassifier.standard();

    private static ObjectNode withSecrets() {
        return LoopFixture.data("https://shop.example.test/checkout").put("proxy", PROXY).put("proxytype", "HTTP")
                .put("cookies", "session=abc123");
    }

    /** What a former owner wrote before its partition moved here: the task paid and in flight. */
    private static Outcome inFlightByFormerOwner(TaskRecord task) {
        return Outcome.forTask(task, OutcomeStatus.IN_FLIGHT).worker("former-owner").taskData(Redactor.redact(task.taskData()))
                .solverTaskId("s-old").paidSubmits(1).submittedAt(Instant.parse("2026-12-01T09:59:00Z")).build();
    }

    /** A task with secrets, paid and in flight by a former owner: this worker polls it (its data only from the outcome). */
    private static LoopFixture polledAfterItsFormerOwner() {
        LoopFixture f = new LoopFixture();
        TaskRecord task = f.publishTask(0, "1", withSecrets());
        f.publishOutcome(0, inFlightByFormerOwner(task));
        f.start(0);
        f.turnUntil("the paid task is polled", () -> f.solver.polls("b/1").size() == 1);
        return f;
    }

    /** The first submit the worker made of the task: it carried the task's real data, and no record holds the secrets. */
    private static void assertSubmittedWithRealData(LoopFixture f) {
        ObjectNode sent = f.solver.submits("b/1").get(0).request.taskData();
        assertThat(sent.get("proxy").asText()).isEqualTo(PROXY);
        assertThat(sent.get("cookies").asText()).isEqualTo("session=abc123");
        assertNoSecretIn(f.kafka, LoopFixture.LAYOUT.results());
    }

    @Test
    void aResumedTaskTheProviderForgotIsSubmittedAgainWithItsRealData() {
        LoopFixture f = polledAfterItsFormerOwner();

        f.solver.failed("b/1", CLASSIFIER.classify("ERROR_NO_SUCH_CAPCHA_ID", Phase.POLL), Phase.POLL);
        f.turnUntil("it is submitted again", () -> f.solver.submits("b/1").size() == 1);

        assertSubmittedWithRealData(f);
    }

    @Test
    void aResumedTaskWhoseTaskErrorGetsItsOneMoreTrySubmitsItsRealData() {
        LoopFixture f = polledAfterItsFormerOwner();

        f.solver.failed("b/1", CLASSIFIER.classify("ERROR_CAPTCHA_UNSOLVABLE", Phase.POLL), Phase.POLL);
        f.turnUntil("it is submitted again", () -> f.solver.submits("b/1").size() == 1);

        assertSubmittedWithRealData(f);
        assertThat(f.retryRecords()).isEmpty();
    }

    @Test
    void aResumedTaskRetriedLaterAfterItsShortRetryTakesItsRealDataIntoTheRetryTier() {
        LoopFixture f = polledAfterItsFormerOwner();
        f.solver.failed("b/1", CLASSIFIER.classify("ERROR_NO_SUCH_CAPCHA_ID", Phase.POLL), Phase.POLL);
        f.turnUntil("it is submitted again", () -> f.solver.submits("b/1").size() == 1);
        var http500 = CLASSIFIER.classify(TransportFailure.HTTP_5XX, Phase.SUBMIT, Duration.ZERO);
        f.solver.failed("b/1", http500, Phase.SUBMIT);
        f.clock.advance(Duration.ofSeconds(2));
        f.turnUntil("its short retry", () -> f.solver.submits("b/1").size() == 2);

        f.solver.failed("b/1", http500, Phase.SUBMIT);
        f.turnUntil("it moves to a retry tier", () -> !f.retryRecords().isEmpty());

        TaskRecord retry = f.retryRecords().get(0);
        assertThat(retry.attempt()).isEqualTo(2);
        assertThat(retry.taskData().get("proxy").asText()).isEqualTo(PROXY);
        assertThat(f.latest().get("b/1").status()).isEqualTo(OutcomeStatus.RETRYING);
        assertNoSecretIn(f.kafka, LoopFixture.LAYOUT.results());
    }

    @Test
    void whenAResumedPollFailsBeforeItsInputRecordIsReadTheTaskWaitsForItThenGoesOn() {
        LoopFixture f = new LoopFixture();
        Instant due = f.clock.instant().plus(Duration.ofMinutes(10));
        TaskRecord attempt2 = TaskRecord.first("b", "1", 0, withSecrets()).nextAttempt(due.toEpochMilli(), "ERROR_NO_SLOT_AVAILABLE", 0, null);
        String tier = LoopFixture.LAYOUT.retry(LoopFixture.LAYOUT.tiers().get(0));
        f.publish(tier, 0, attempt2);
        f.publishOutcome(0, inFlightByFormerOwner(attempt2));
        f.start(0);
        f.turnUntil("the paid task is polled", () -> f.solver.polls("b/1").size() == 1);

        f.solver.failed("b/1", CLASSIFIER.classify("ERROR_CAPTCHA_UNSOLVABLE", Phase.POLL), Phase.POLL);
        f.turns(5);
        assertThat(f.solver.submits("b/1")).as("nothing is submitted before the task's data is read").isEmpty();

        f.clock.advance(Duration.ofMinutes(10));
        f.turnUntil("it goes on once its record is due", () -> f.solver.submits("b/1").size() == 1);
        assertThat(f.solver.submits("b/1").get(0).request.taskData().get("proxy").asText()).isEqualTo(PROXY);
        f.solver.paid("b/1", "s-new", f.clock.instant());
        f.turnUntil("its new in_flight", () -> "s-new".equals(f.latest().get("b/1").solverTaskId()));
        assertThat(f.latest().get("b/1").attempt()).isEqualTo(2);
        assertNoSecretIn(f.kafka, LoopFixture.LAYOUT.results());
    }

    private static void assertNoSecretIn(FakeKafka kafka, String topic) {
        assertThat(kafka.records(topic)).isNotEmpty().allSatisfy(r ->
                assertThat(new String(r.value(), StandardCharsets.UTF_8)).doesNotContain("s3cret").doesNotContain("abc123"));
    }
}
