package io.captchafleet.worker.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.captchafleet.common.model.OutcomeStatus;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Hole 1: a commit that runs out of {@code max.block.ms} (a broker away) may still complete, so Kafka only
 * allows committing it again. The worker does that, for as long as it takes, and never aborts it.
 */
class CommitTimeoutTest {

    private static TimeoutException timeout() {
        return new TimeoutException("Timeout expired after 15000ms while awaiting EndTxn(true)");
    }

    @Test
    void aCommitThatTimesOutIsCommittedAgainUntilItGoesThroughAndTheWorkerCarriesOn() {
        LoopFixture f = new LoopFixture();
        f.start(0);
        f.publishTask(0, "1", LoopFixture.data("https://example.test/1"));
        f.turnUntil("the task is submitted", () -> f.solver.submits("b/1").size() == 1);

        TimeoutException[] outage = new TimeoutException[40];
        java.util.Arrays.setAll(outage, i -> timeout());
        f.kafka.failCommits(outage);
        f.solver.paid("b/1", "s-1", Instant.now());
        f.turns(3);
        assertThat(f.loop.notReadyBecause()).startsWith("waiting for the Kafka cluster: a transaction's commit pending since");
        assertThat(f.outcomes("b/1")).isEmpty();

        f.turnUntil("the pending commit goes through", () -> !f.outcomes("b/1").isEmpty());
        assertThat(f.loop.failure()).isNull();
        assertThat(f.outcomes("b/1")).singleElement().extracting(o -> o.status()).isEqualTo(OutcomeStatus.IN_FLIGHT);

        f.solver.solved("b/1", "token", Instant.now());
        f.turnUntil("the work goes on", () -> f.latest().get("b/1").status() == OutcomeStatus.SOLVED);
        f.turnUntil("ready again", f.loop::ready);
    }

    @Test
    void whileACommitIsPendingNewOutcomesWaitForTheNextTransaction() {
        LoopFixture f = new LoopFixture();
        f.start(0);
        f.publishTask(0, "1", LoopFixture.data("https://example.test/1"));
        f.publishTask(0, "2", LoopFixture.data("https://example.test/2"));
        f.turnUntil("both are submitted", () -> f.solver.submits("b/2").size() == 1);
        f.kafka.failCommits(timeout());
        f.solver.paid("b/1", "s-1", Instant.now());
        f.turn();
        f.solver.paid("b/2", "s-2", Instant.now());

        f.turnUntil("both are recorded", () -> f.outcomes("b/1").size() == 1 && f.outcomes("b/2").size() == 1);
        assertThat(f.kafka.transactionsCommitted()).as("the pending one, then the next").isGreaterThanOrEqualTo(2);
        assertThat(f.loop.failure()).isNull();
    }
}
