package io.captchafleet.worker.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** What a batch hands back when the group rejects a commit: the paid submits, and those of the last commit. */
class PendingBatchTest {
    private final PendingBatch batch = new PendingBatch();

    @Test
    void keepsTheUnrecordedPaidSubmitsAndThoseOfTheLastCommitThatHadAny() {
        ProducerRecord<byte[], byte[]> committedSubmit = record("a", 0);
        batch.addPaidSubmit(committedSubmit);
        batch.add(record("solved-x", 0));
        List<String> ran = new ArrayList<>();
        batch.afterCommit(0, () -> ran.add("after"));
        batch.committed();
        batch.committed(); // a commit with nothing to write keeps the last one's paid submits in mind

        ProducerRecord<byte[], byte[]> unrecorded = record("b", 1);
        batch.addPaidSubmit(unrecorded);
        batch.add(record("solved-y", 1));

        assertThat(ran).containsExactly("after");
        assertThat(batch.clearKeepingPaidSubmits()).containsExactly(committedSubmit, unrecorded);
        assertThat(batch.isEmpty()).isTrue();
        assertThat(batch.unrecordedPaidSubmits()).isZero();
        assertThat(batch.clearKeepingPaidSubmits()).as("handed back once").isEmpty();
    }

    @Test
    void forgetsTheLastCommitsPaidSubmitsOfPartitionsThatMovedAway() {
        ProducerRecord<byte[], byte[]> stays = record("a", 0);
        batch.addPaidSubmit(stays);
        batch.addPaidSubmit(record("b", 1));
        batch.committed();

        batch.dropPartitions(List.of(1));

        assertThat(batch.clearKeepingPaidSubmits()).containsExactly(stays);
    }

    private static ProducerRecord<byte[], byte[]> record(String key, int partition) {
        return new ProducerRecord<>("t.results", partition, key.getBytes(), new byte[0]);
    }
}
