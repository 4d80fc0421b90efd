package io.captchafleet.worker.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.captchafleet.common.model.OutcomeStatus;
import org.junit.jupiter.api.Test;

/**
 * A fenced transactional producer: once in a while it is the coordinator aborting a transaction that ran
 * past its time-out (a broker restart), answered with a new producer and the same records; fenced again
 * within a minute, another live worker has this instance id, and the worker stops naming it.
 */
class FencingTest {

    @Test
    void aSingleFencingGetsANewProducerAndTheRecordsGoAgain() {
        LoopFixture f = new LoopFixture();
        f.start(0);
        f.publishTask(0, "1", LoopFixture.data("https://example.test/1"));
        f.turnUntil("the task is submitted", () -> f.solver.submits("b/1").size() == 1);

        f.kafka.fenceProducers();
        f.solver.paid("b/1", "s-1", Instant.now());
        f.turnUntil("in_flight is recorded by the new producer", () -> f.outcomes("b/1").size() == 1);

        assertThat(f.outcomes("b/1").get(0).status()).isEqualTo(OutcomeStatus.IN_FLIGHT);
        assertThat(f.loop.failure()).isNull();
    }

    @Test
    void aSecondFencingWithinAMinuteMeansATwinAndStopsTheWorkerNamingItsId() {
        LoopFixture f = new LoopFixture();
        f.start(0);
        f.publishTask(0, "1", LoopFixture.data("https://example.test/1"));
        f.turnUntil("the task is submitted", () -> f.solver.submits("b/1").size() == 1);

        f.kafka.fenceProducers();
        f.kafka.fenceProducers();
        f.kafka.fenceProducers();
        f.solver.paid("b/1", "s-1", Instant.now());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.turns(20))
                .hasMessage("Worker w-1 was fenced: another live worker uses instance id \"w-1\". Give every worker its own"
                        + " --instance-id.");
        assertThat(f.outcomes("b/1")).isEmpty();
    }
}
