package io.captchafleet.producer.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.serde.Json;
import org.junit.jupiter.api.Test;

/** What a batch cost, as the latest outcome of each task says: a later outcome replaces the earlier one's cost. */
class BatchTallyTest {

    private static Outcome outcome(String id, OutcomeStatus status, int paid, String cost) {
        return Outcome.forTask(TaskRecord.first("b", id, 0, Json.object()), status).paidSubmits(paid)
                .cost(cost == null ? null : new BigDecimal(cost), cost == null ? null : "api").build();
    }

    @Test
    void spentCountsEachTasksLatestCostAndTheSubmitBeingPolledIsNotCostedYet() {
        BatchTally t = new BatchTally();
        t.apply(outcome("1", OutcomeStatus.IN_FLIGHT, 1, null), 1);
        assertThat(t.uncostedSubmits()).isEqualTo(1);
        t.apply(outcome("1", OutcomeStatus.RETRYING, 1, "0.003"), 2);
        t.apply(outcome("1", OutcomeStatus.IN_FLIGHT, 2, "0.003"), 3);
        assertThat(t.spent()).isEqualByComparingTo("0.003");
        assertThat(t.uncostedSubmits()).as("the second submit, being polled").isEqualTo(1);
        t.apply(outcome("1", OutcomeStatus.SOLVED, 2, "0.00599"), 4);
        t.apply(outcome("2", OutcomeStatus.SOLVED, 1, "0.00299"), 5);
        t.apply(outcome("3", OutcomeStatus.FAILED, 1, null), 6);

        assertThat(t.spent()).isEqualByComparingTo("0.00898");
        assertThat(t.uncostedSubmits()).as("a failed outcome that knows no cost").isEqualTo(1);
        assertThat(t.paidSubmits()).isEqualTo(4);
        t.remove("b/1");
        assertThat(t.spent()).isEqualByComparingTo("0.00299");
    }

    @Test
    void theNewestBalanceAnOutcomeNamesIsKept() {
        BatchTally t = new BatchTally();
        t.balanceSeen("12.50@2026-11-29T10:00:05Z", 5);
        t.balanceSeen("12.70@2026-11-29T10:00:01Z", 1);
        assertThat(t.balance()).isEqualTo(new BalanceSeen("12.50", "2026-11-29T10:00:05Z"));
        assertThat(t.balance().describe()).isEqualTo("12.50 at 2026-11-29T10:00:05Z");
    }
}
