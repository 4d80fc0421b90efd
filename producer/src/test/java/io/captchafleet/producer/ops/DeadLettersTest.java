package io.captchafleet.producer.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.captchafleet.common.serde.TaskCodec;
import io.captchafleet.common.topics.DeadLetterHeaders;
import io.captchafleet.producer.TestFleet;
import io.captchafleet.producer.TopicRecords;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class DeadLettersTest {
    private TestFleet fleet;
    private DeadLetters deadLetters;

    @BeforeEach
    void setUp(TestKafka kafka) {
        fleet = new TestFleet(kafka);
        deadLetters = new DeadLetters(fleet.clients, fleet.layout);
        deadLetter("b/1", TaskCodec.write(TestFleet.task("b", 1)), "task record: version 2 is newer than this reader understands (1)");
        deadLetter("b/2", "{not json".getBytes(StandardCharsets.UTF_8), "task record: not valid JSON");
    }

    @Test
    void listsEveryDeadLetterWithItsReasonAndWhetherItReadsNow() {
        List<DeadLetter> all = new ArrayList<>();

        assertThat(deadLetters.list(all::add)).isEqualTo(2);

        all.sort((a, b) -> a.key().compareTo(b.key()));
        assertThat(all).extracting(DeadLetter::key).containsExactly("b/1", "b/2");
        DeadLetter first = all.get(0);
        assertThat(first.describe()).isEqualTo("dead-letter 0@0 key b/1 from " + fleet.layout.tasks() + " 1@17 by w-1 at"
                + " 2026-11-29T20:00:00Z: task record: version 2 is newer than this reader understands (1) (reads correctly now)");
        assertThat(first.toJson().get("source_offset").asLong()).isEqualTo(17);
        assertThat(all.get(1).readableNow()).isFalse();
        assertThat(all.get(1).problemNow()).startsWith("task record: not valid JSON (");
    }

    @Test
    void replayRepublishesWhatReadsNowOnceAndReportsTheRest() {
        DeadLetters.Replay first = deadLetters.replay();

        assertThat(first.replayed()).isEqualTo(1);
        assertThat(first.unreadable()).extracting(DeadLetter::key).containsExactly("b/2");
        assertThat(first.describe()).startsWith("Replayed 1 dead letter to the topics they came from; 1 still unreadable (left on"
                + " the dead-letter topic):\n  dead-letter 1@0 key b/2 from ");
        assertThat(TopicRecords.read(fleet.bootstrap, fleet.layout.tasks())).singleElement()
                .satisfies(r -> assertThat(TaskCodec.read(r.value()).taskId()).isEqualTo("b/1"));

        DeadLetters.Replay second = deadLetters.replay();

        assertThat(second.replayed()).isZero();
        assertThat(second.describe()).isEqualTo("Replayed 0 dead letters to the topics they came from.");
        assertThat(TopicRecords.read(fleet.bootstrap, fleet.layout.tasks())).hasSize(1);
    }

    private void deadLetter(String key, byte[] value, String reason) {
        // The default partitioner puts b/1 on partition 0 and b/2 on partition 1 of the two.
        TopicRecords.write(fleet.bootstrap, fleet.layout.deadLetter(), key, value, Map.of(
                DeadLetterHeaders.REASON, reason,
                DeadLetterHeaders.SOURCE_TOPIC, fleet.layout.tasks(),
                DeadLetterHeaders.SOURCE_PARTITION, "1",
                DeadLetterHeaders.SOURCE_OFFSET, "17",
                DeadLetterHeaders.WORKER, "w-1",
                DeadLetterHeaders.AT, "2026-11-29T20:00:00Z"));
    }
}
