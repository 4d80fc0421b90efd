package io.captchafleet.worker.loop.partitions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.serde.Json;
import io.captchafleet.worker.loop.tasks.Decision;
import org.junit.jupiter.api.Test;

/** The results table slice keeps open tasks whole and finished ones as status and generation, with the same answers. */
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
}
