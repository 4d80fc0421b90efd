package io.captchafleet.worker.loop.tasks;

import io.captchafleet.worker.loop.partitions.TaskState;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.serde.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The idempotence rule of ARCHITECTURE.md, case by case. */
class DecisionTest {

    static TaskState known(OutcomeStatus status, int generation, int attempt) {
        TaskRecord t = new TaskRecord("b/1", "b", 0, generation, attempt, Json.object(), 0, null, 1, null, null, null);
        return TaskState.of(Outcome.forTask(t, status).solverTaskId("s1").submittedAt(Instant.EPOCH).build());
    }

    @ParameterizedTest(name = "known {0} g{1} a{2}, record g{3} a{4} -> {5}")
    @CsvSource({
        // nothing known: new work
        ",          0, 0, 1, 1, SUBMIT",
        // solved is never handled again, in any generation
        "SOLVED,    1, 1, 1, 1, SKIP",
        "SOLVED,    1, 1, 2, 1, SKIP",
        "SOLVED,    1, 1, 1, 2, SKIP",
        // same generation and attempt
        "IN_FLIGHT, 1, 1, 1, 1, RESUME_POLLING",
        "RETRYING,  1, 2, 1, 2, SUBMIT",
        "FAILED,    1, 1, 1, 1, SKIP",
        // an older record (the original, redelivered after the task moved to a retry tier)
        "RETRYING,  1, 2, 1, 1, SKIP",
        "IN_FLIGHT, 1, 2, 1, 1, SKIP",
        "FAILED,    2, 1, 1, 1, SKIP",
        // newer attempt or generation
        "IN_FLIGHT, 1, 1, 1, 2, SUBMIT",
        "FAILED,    1, 3, 2, 1, SUBMIT",
    })
    void followsTheIdempotenceRule(OutcomeStatus status, int knownGen, int knownAttempt, int gen, int attempt, Decision expected) {
        TaskState k = status == null ? null : known(status, knownGen, knownAttempt);
        assertThat(Decision.of(k, gen, attempt)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} g{1} a{2} then {3} g{4} a{5}: superseded={6}")
    @CsvSource({
        "RETRYING,  1, 2, IN_FLIGHT, 1, 2, true",
        "IN_FLIGHT, 1, 2, SOLVED,    1, 2, true",
        "IN_FLIGHT, 1, 1, RETRYING,  1, 2, true",
        "SOLVED,    1, 1, FAILED,    2, 1, false",
        "FAILED,    1, 3, RETRYING,  1, 2, false",
        "IN_FLIGHT, 1, 2, IN_FLIGHT, 1, 2, false",
        "FAILED,    1, 3, IN_FLIGHT, 2, 1, true",
    })
    void theTableOnlyMovesForward(OutcomeStatus a, int ga, int aa, OutcomeStatus b, int gb, int ab, boolean superseded) {
        assertThat(known(a, ga, aa).isSupersededBy(known(b, gb, ab))).isEqualTo(superseded);
    }
}
