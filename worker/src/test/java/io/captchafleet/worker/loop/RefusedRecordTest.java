package io.captchafleet.worker.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.topics.DeadLetterHeaders;
import io.captchafleet.worker.loop.fake.FakeKafka;
import org.junit.jupiter.api.Test;

/**
 * Hole 8: a record Kafka refuses for its size or content would be refused in every retry of its
 * transaction and stall its partition for good. It becomes a dead letter with the reason, its task gets
 * an outcome that can be written, and the rest of the transaction commits.
 */
class RefusedRecordTest {

    @Test
    void anOutcomeKafkaRefusesBecomesADeadLetterItsTaskFailsAndTheRestCommits() {
        LoopFixture f = new LoopFixture();
        f.kafka.refuse(r -> r.topic().equals(LoopFixture.LAYOUT.results()) && r.value() != null
                && new String(r.value(), StandardCharsets.UTF_8).contains("HUGE-TOKEN"));
        f.start(0);
        f.publishTask(0, "1", LoopFixture.data("https://example.test/1"));
        f.publishTask(0, "2", LoopFixture.data("https://example.test/2"));
        f.turnUntil("both are submitted", () -> f.solver.submits("b/2").size() == 1);
        f.solver.paid("b/1", "s-1", Instant.now());
        f.solver.paid("b/2", "s-2", Instant.now());
        f.turnUntil("both are recorded", () -> f.outcomes("b/1").size() == 1 && f.outcomes("b/2").size() == 1);

        f.solver.solved("b/1", "HUGE-TOKEN-" + "x".repeat(100), Instant.now());
        f.solver.solved("b/2", "fine", Instant.now());
        f.turnUntil("the other task's outcome commits", () -> f.latest().get("b/2").status() == OutcomeStatus.SOLVED);

        Outcome refused = f.latest().get("b/1");
        assertThat(refused.status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(refused.error()).isEqualTo("RECORD_REFUSED");
        assertThat(refused.token()).isNull();
        FakeKafka.Stored deadLetter = f.kafka.records(LoopFixture.LAYOUT.deadLetter()).get(0);
        assertThat(new String(deadLetter.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8))
                .startsWith("refused by Kafka: org.apache.kafka.common.errors.RecordTooLargeException");
        assertThat(new String(deadLetter.key(), StandardCharsets.UTF_8)).isEqualTo("b/1");
        f.turns(3);
        assertThat(f.kafka.committedOffset(LoopFixture.tp(LoopFixture.LAYOUT.tasks(), 0))).isEqualTo(2);
    }
}
