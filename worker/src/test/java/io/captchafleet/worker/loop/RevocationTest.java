package io.captchafleet.worker.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;

import io.captchafleet.common.model.OutcomeStatus;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.junit.jupiter.api.Test;

/**
 * Hole 9: the commit a revocation makes may fail like any other; it is tried again within the revocation,
 * so the paid submits of a partition that moves away are recorded and its new owner polls them.
 */
class RevocationTest {

    @Test
    void aRevocationCommitThatFailsIsTriedAgainSoThePaidSubmitOfAMovedPartitionIsRecorded() {
        LoopFixture f = new LoopFixture();
        f.start(0, 1);
        f.publishTask(1, "x", LoopFixture.data("https://example.test/x"));
        f.turnUntil("the task is submitted", () -> f.solver.submits("b/x").size() == 1);

        f.kafka.failCommits(new TransactionAbortableException("the transaction coordinator is moving"));
        f.solver.paid("b/x", "s-x", Instant.now());
        f.kafka.rebalanceTo(Set.of(0)); // partition 1 moves away; the next poll revokes everything first
        f.turn();

        assertThat(f.outcomes("b/x")).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(OutcomeStatus.IN_FLIGHT);
            assertThat(o.solverTaskId()).isEqualTo("s-x");
        });
        f.turnUntil("the worker goes on with partition 0", f.loop::ready);
        assertThat(f.loop.failure()).isNull();
    }
}
