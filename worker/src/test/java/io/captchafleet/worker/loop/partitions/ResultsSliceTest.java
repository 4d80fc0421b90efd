package io.captchafleet.worker.loop.partitions;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.serde.Json;
import io.captchafleet.worker.loop.tasks.Decision;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The results table slice keeps open tasks whole and finished ones packed, with the same answers; spend follows it. */
class ResultsSliceTest {
    private static final ObjectNode DATA = Json.object().put("method", "turnstile");

    private static TaskState state(String batch, String id, int generation, int attempt, OutcomeStatus status) {
        TaskRecord t = TaskRecord.first(batch, id, 0, DATA).nextGeneration(generation);
        Outcome.Builder b = Outcome.forTask(t, status).attempt(attempt).paidSubmits(1);
        if (status == OutcomeStatus.IN_FLIGHT) {
            b.solverTaskId("s-" + id).submittedAt(Instant.parse("2026-12-01T10:00:00Z"));
        }
        return TaskState.of(b.build());
    }

    @Test
    void aFinishedTaskAnswersTheIdempotenceRuleAsItsWholeEntryDid() {
        ResultsSlice slice = new ResultsSlice();
        slice.advance("b/1", state("b", "1", 1, 1, OutcomeStatus.IN_FLIGHT));
        assertThat(slice.known("b/1").solverId()).isEqualTo("s-1");

        slice.advance("b/1", state("b", "1", 1, 1, OutcomeStatus.SOLVED));
        slice.advance("b/2", state("b", "2", 1, 2, OutcomeStatus.FAILED));
        assertThat(slice.known("b/1").status()).isEqualTo(OutcomeStatus.SOLVED);
        assertThat(slice.known("b/2").generation()).isEqualTo(1);
        assertThat(slice.known("b/3")).isNull();

        assertThat(Decision.of(slice.known("b/1"), 2, 1)).as("solved is never handled again").isEqualTo(Decision.SKIP);
        assertThat(Decision.of(slice.known("b/2"), 1, 2)).as("its generation ended failed").isEqualTo(Decision.SKIP);
        assertThat(Decision.of(slice.known("b/2"), 2, 1)).as("retry-failed's generation").isEqualTo(Decision.SUBMIT);

        slice.advance("b/1", state("b", "1", 1, 1, OutcomeStatus.IN_FLIGHT));
        assertThat(slice.known("b/1").status()).as("an older record does not reopen it").isEqualTo(OutcomeStatus.SOLVED);
        slice.advance("b/2", state("b", "2", 2, 1, OutcomeStatus.RETRYING));
        assertThat(slice.known("b/2").status()).as("the next generation reopens it").isEqualTo(OutcomeStatus.RETRYING);
        assertThat(slice.size()).isEqualTo(2);
    }

    @Test
    void evictingABatchDropsItsOpenAndFinishedEntriesOnly() {
        ResultsSlice slice = new ResultsSlice();
        for (int i = 1; i <= 3000; i++) {
            slice.advance("old/" + i, state("old", Integer.toString(i), 1, 1, OutcomeStatus.SOLVED));
        }
        slice.advance("old/open", state("old", "open", 1, 1, OutcomeStatus.IN_FLIGHT));
        slice.advance("new/1", state("new", "1", 1, 1, OutcomeStatus.FAILED));
        slice.forget("old/7");
        assertThat(slice.size()).isEqualTo(3001);

        assertThat(slice.evict("old")).isEqualTo(3000);
        assertThat(slice.size()).isEqualTo(1);
        assertThat(slice.known("old/1")).isNull();
        assertThat(slice.known("old/open")).isNull();
        assertThat(slice.known("new/1").status()).isEqualTo(OutcomeStatus.FAILED);
    }

    private static TaskState finished(String id, OutcomeStatus status, int paid, String cost, long offset) {
        TaskRecord t = TaskRecord.first("b", id, 0, DATA);
        Outcome.Builder b = Outcome.forTask(t, status).paidSubmits(paid);
        if (cost != null) {
            b.cost(new BigDecimal(cost), "api");
        }
        return TaskState.of(b.build(), offset);
    }

    @Test
    void aFinishedTaskKeepsItsCostReportStagePaidSubmitsAndOffset() {
        ResultsSlice slice = new ResultsSlice();
        slice.advance("b/1", finished("1", OutcomeStatus.SOLVED, 2, "0.002", 77));
        slice.advance("b/2", finished("2", OutcomeStatus.FAILED, 1, null, 78));

        TaskState one = slice.known("b/1");
        assertThat(one.cost()).isEqualTo((double) 0.002f);
        assertThat(one.paidSubmits()).isEqualTo(2);
        assertThat(one.outcomeOffset()).isEqualTo(77);
        assertThat(one.report()).isEqualTo(ReportStage.NONE);
        assertThat(slice.known("b/2").cost()).isNaN();

        assertThat(slice.forget("b/1").cost()).as("a tombstone answers what it deleted").isEqualTo((double) 0.002f);
        assertThat(slice.known("b/1")).isNull();
        slice.advance("b/1", finished("1", OutcomeStatus.SOLVED, 1, null, 90));
        assertThat(slice.known("b/1").cost()).as("no cost left behind by the forgotten entry").isNaN();
    }

    @Test
    void aFinishedTaskBeyondThePackedLimitsIsKeptWholeAndStillEvicted() {
        ResultsSlice slice = new ResultsSlice();
        TaskState far = finished("1", OutcomeStatus.SOLVED, 1, "0.5", FinishedEntry.MAX_OFFSET + 10);
        slice.advance("b/1", far);

        assertThat(slice.known("b/1")).isSameAs(far);
        assertThat(slice.known("b/1").outcomeOffset()).isEqualTo(FinishedEntry.MAX_OFFSET + 10);
        assertThat(slice.size()).isEqualTo(1);
        assertThat(slice.evict("b")).isEqualTo(1);
        assertThat(slice.size()).isZero();
    }

    @Test
    void theBatchSpendFollowsEveryChangeOfTheTableAndGoesWithAPurgedBatch() {
        OwnedPartition part = new OwnedPartition(0, new TopicPartition("r", 0), List.of(new TopicPartition("t", 0)));
        TaskRecord t = TaskRecord.first("b", "1", 0, DATA);
        Outcome inFlight = Outcome.forTask(t, OutcomeStatus.IN_FLIGHT).paidSubmits(1).solverTaskId("s-1")
                .submittedAt(Instant.parse("2026-12-01T10:00:00Z")).build();
        part.advance("b/1", TaskState.of(inFlight, 10));
        assertThat(part.spend("b").uncostedSubmits()).isEqualTo(1);

        Outcome solved = Outcome.forTask(t, OutcomeStatus.SOLVED).paidSubmits(1).cost(new BigDecimal("0.25"), "api").build();
        part.advance("b/1", TaskState.of(solved));
        part.advance("b/1", TaskState.of(solved, 11)); // read back: its offset is learned, its cost counted once
        assertThat(part.known("b/1").outcomeOffset()).isEqualTo(11);
        assertThat(part.spend("b").cost()).isEqualTo(0.25);
        assertThat(part.spend("b").costedSubmits()).isEqualTo(1);
        assertThat(part.spend("b").uncostedSubmits()).isZero();

        Outcome reported = solved.toBuilder().report("bad", Instant.EPOCH, "OK_REPORT_RECORDED").build();
        part.advance("b/1", TaskState.of(reported, 12));
        assertThat(part.known("b/1").report()).isEqualTo(ReportStage.DONE);
        assertThat(part.spend("b").cost()).as("a report changes no spend").isEqualTo(0.25);

        part.advance("b/2", finished("2", OutcomeStatus.SOLVED, 1, "0.5", 13));
        part.forget("b/2");
        assertThat(part.spend("b").cost()).isEqualTo(0.25);

        assertThat(part.evict("b")).isEqualTo(1);
        assertThat(part.spend("b")).isNull();
        assertThat(part.trackedTasks()).isZero();
        part.advance("b/3", finished("3", OutcomeStatus.SOLVED, 1, "0.125", 14));
        assertThat(part.spend("b").cost()).as("a batch counted anew after its eviction").isEqualTo(0.125);
    }
}
