package io.captchafleet.worker.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * Hole 5: an outcome this worker cannot read (written by a newer version, or garbage) is never taken as
 * absent, which would pay for its task again: it stops its partition, naming topic, partition, offset
 * and the reason.
 */
class UnreadableOutcomeTest {
    private static final byte[] NEWER = ("{\"v\":2,\"task_id\":\"b/1\",\"batch\":\"b\",\"index\":0,\"generation\":1,\"attempt\":1,"
            + "\"status\":\"in_flight\",\"solver_task_id\":\"s-1\",\"paid_submits\":1}").getBytes(StandardCharsets.UTF_8);

    @Test
    void anOutcomeOfANewerVersionFoundWhileRestoringStopsThePartitionAndNothingOfItIsSubmitted() {
        LoopFixture f = new LoopFixture();
        f.kafka.publish(LoopFixture.LAYOUT.results(), 0, LoopFixture.key("b/1"), NEWER);
        f.publishTask(0, "1", LoopFixture.data("https://example.test/1"));
        f.kafka.rebalanceTo(java.util.Set.of(0));
        f.turns(20);

        assertThat(f.solver.calls()).isEmpty();
        assertThat(f.loop.notReadyBecause()).isEqualTo("partition 0 is stopped: the outcome at t.results-0@0 cannot be read:"
                + " outcome record: version 2 is newer than this reader understands (1); upgrade captcha-fleet to read it");
    }

    @Test
    void anUnreadableOutcomeOnTheTailStopsAReadyPartition() {
        LoopFixture f = new LoopFixture();
        f.start(0, 1);
        f.kafka.publish(LoopFixture.LAYOUT.results(), 1, LoopFixture.key("b/2"), "not json".getBytes(StandardCharsets.UTF_8));
        f.turns(3);
        f.publishTask(1, "2", LoopFixture.data("https://example.test/2"));
        f.publishTask(0, "3", LoopFixture.data("https://example.test/3"));
        f.turnUntil("the other partition goes on", () -> f.solver.submits("b/3").size() == 1);
        f.turns(3);

        assertThat(f.solver.submits("b/2")).isEmpty();
        assertThat(f.loop.notReadyBecause()).startsWith("partition 1 is stopped: the outcome at t.results-1@0 cannot be read");
        assertThat(f.loop.failure()).isNull();
        f.solver.paid("b/3", "s-3", Instant.now());
        f.turnUntil("and commits", () -> f.outcomes("b/3").size() == 1);
    }
}
