package io.captchafleet.worker.loop.partitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.serde.Json;
import org.junit.jupiter.api.Test;

/** A finished task's packed entry gives back every field it stores, and a task beyond its limits is kept whole instead. */
class TaskStatePackingTest {
    private static final ObjectNode DATA = Json.object().put("method", "turnstile");

    private static Outcome.Builder outcome(int generation, OutcomeStatus status, int paid) {
        TaskRecord t = TaskRecord.first("b", "1", 0, DATA).nextGeneration(generation);
        return Outcome.forTask(t, status).attempt(3).paidSubmits(paid);
    }

    private static TaskState roundTrip(TaskState s) {
        return TaskState.finished(FinishedEntry.pack(s), s.cost());
    }

    @Test
    void everyFieldOfASolvedTaskComesBackFromItsPackedEntry() {
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        TaskState solved = TaskState.of(outcome(7, OutcomeStatus.SOLVED, 2).cost(new BigDecimal("0.00145"), "api")
                .report("bad", at, "OK_REPORT_RECORDED").build(), 123_456_789L);

        TaskState back = roundTrip(solved);

        assertThat(back.status()).isEqualTo(OutcomeStatus.SOLVED);
        assertThat(back.generation()).isEqualTo(7);
        assertThat(back.paidSubmits()).isEqualTo(2);
        assertThat(back.report()).isEqualTo(ReportStage.DONE);
        assertThat(back.outcomeOffset()).isEqualTo(123_456_789L);
        assertThat(back.cost()).isEqualTo(solved.cost()).isEqualTo((double) 0.00145f);
        assertThat(back.attempt()).as("no record of its generation is newer").isEqualTo(Integer.MAX_VALUE);
        assertThat(back.solverId()).isNull();
        assertThat(back.submittedAt()).isNull();
        assertThat(back.taskErrorRetried()).isNull();
    }

    @Test
    void aFailedTaskWithoutCostOrOffsetComesBackAsItWas() {
        TaskState failed = TaskState.of(outcome(1, OutcomeStatus.FAILED, 0).error("ERROR_CAPTCHA_UNSOLVABLE", "task").build());

        TaskState back = roundTrip(failed);

        assertThat(back.status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(back.generation()).isEqualTo(1);
        assertThat(back.paidSubmits()).isZero();
        assertThat(back.report()).isEqualTo(ReportStage.NONE);
        assertThat(back.outcomeOffset()).as("not read back yet").isEqualTo(-1);
        assertThat(back.cost()).isNaN();
    }

    @Test
    void theLimitsOfEachFieldPackExactlyAndOneBeyondIsNotPacked() {
        TaskState atLimits = TaskState.of(outcome(FinishedEntry.MAX_GENERATION, OutcomeStatus.SOLVED, FinishedEntry.MAX_PAID_SUBMITS)
                .report("good", Instant.EPOCH, ReportStage.SENDING_RESULT).build(), FinishedEntry.MAX_OFFSET);
        assertThat(FinishedEntry.fits(atLimits)).isTrue();
        assertThat(FinishedEntry.pack(atLimits)).as("never negative, never the map's absent value").isPositive();
        TaskState back = roundTrip(atLimits);
        assertThat(back.generation()).isEqualTo(FinishedEntry.MAX_GENERATION);
        assertThat(back.paidSubmits()).isEqualTo(FinishedEntry.MAX_PAID_SUBMITS);
        assertThat(back.outcomeOffset()).isEqualTo(FinishedEntry.MAX_OFFSET);
        assertThat(back.report()).isEqualTo(ReportStage.SENDING);

        TaskState generationBeyond = TaskState.of(outcome(FinishedEntry.MAX_GENERATION + 1, OutcomeStatus.FAILED, 1).build(), 5);
        TaskState paidBeyond = TaskState.of(outcome(1, OutcomeStatus.SOLVED, FinishedEntry.MAX_PAID_SUBMITS + 1).build(), 5);
        TaskState offsetBeyond = TaskState.of(outcome(1, OutcomeStatus.SOLVED, 1).build(), FinishedEntry.MAX_OFFSET + 1);
        assertThat(FinishedEntry.fits(generationBeyond)).isFalse();
        assertThat(FinishedEntry.fits(paidBeyond)).isFalse();
        assertThat(FinishedEntry.fits(offsetBeyond)).isFalse();
        assertThatThrownBy(() -> FinishedEntry.pack(offsetBeyond)).isInstanceOf(IllegalStateException.class)
                .hasMessage("a solved task of generation 1, 1 paid submits, at offset 68719476735 does not fit a packed entry");
    }

    @Test
    void anOpenTaskKeepsTheTaskErrorItRetriedAndIsNeverPacked() {
        TaskState inFlight = TaskState.of(outcome(1, OutcomeStatus.IN_FLIGHT, 2).solverTaskId("s-1")
                .submittedAt(Instant.parse("2026-12-01T10:00:00Z")).error("ERROR_CAPTCHA_UNSOLVABLE", "task").build(), 42);

        assertThat(inFlight.taskErrorRetried()).isEqualTo("ERROR_CAPTCHA_UNSOLVABLE");
        assertThat(inFlight.submittedAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(inFlight.outcomeOffset()).as("in flight: its long is the submit time").isEqualTo(-1);
        assertThat(FinishedEntry.fits(inFlight)).isFalse();
    }

    @Test
    void theOffsetOfAFinishedTaskIsLearnedWhenItsOwnOutcomeIsReadBack() {
        Outcome failed = outcome(2, OutcomeStatus.FAILED, 1).error("ERROR_CAPTCHA_UNSOLVABLE", "task").build();
        TaskState written = roundTrip(TaskState.of(failed));

        TaskState kept = TaskState.merge(written, TaskState.of(failed, 900));

        assertThat(kept.outcomeOffset()).isEqualTo(900);
        assertThat(TaskState.merge(kept, TaskState.of(failed, 901))).as("known already: kept").isSameAs(kept);
    }
}
