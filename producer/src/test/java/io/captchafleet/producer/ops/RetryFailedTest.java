package io.captchafleet.producer.ops;

import static io.captchafleet.common.model.OutcomeStatus.FAILED;
import static io.captchafleet.common.model.OutcomeStatus.SOLVED;
import static io.captchafleet.producer.TestFleet.outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import io.captchafleet.common.InputException;
import io.captchafleet.common.model.BatchManifest;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.serde.BatchManifestCodec;
import io.captchafleet.common.serde.TaskCodec;
import io.captchafleet.producer.TestFleet;
import io.captchafleet.producer.TopicRecords;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class RetryFailedTest {
    private TestFleet fleet;
    private RetryFailed retry;

    @BeforeEach
    void setUp(TestKafka kafka) {
        fleet = new TestFleet(kafka);
        retry = new RetryFailed(fleet.clients, fleet.layout);
        fleet.submit("b1", 5);
        fleet.write(outcome("b1", 1, SOLVED, null), outcome("b1", 2, FAILED, "ERROR_CAPTCHA_UNSOLVABLE"),
                outcome("b1", 3, FAILED, "ERROR_PAGEURL"), outcome("b1", 4, FAILED, "ERROR_CAPTCHA_UNSOLVABLE"),
                outcome("b1", 4, SOLVED, null));
    }

    @Test
    void republishesOnlyFailedTasksWithTheirOriginalDataAsTheNextGeneration() {
        RetryFailed.Result r = retry.run("b1", Optional.empty());

        assertThat(r.describe()).isEqualTo("Republished 2 failed tasks of batch b1 as generation 2.");
        List<TaskRecord> second = generation(2);
        assertThat(second).extracting(TaskRecord::taskId).containsExactlyInAnyOrder("b1/2", "b1/3");
        assertThat(second).allSatisfy(t -> {
            assertThat(t.attempt()).isEqualTo(1);
            assertThat(t.paidSubmits()).isZero();
            assertThat(t.taskData().get("proxy").asText()).startsWith("alice:s3cret@10.0.0.");
        });
        assertThat(manifest().generation()).isEqualTo(2);
    }

    @Test
    void theErrorFilterPicksTasksThatFailedWithThatCode() {
        RetryFailed.Result r = retry.run("b1", Optional.of("ERROR_PAGEURL"));

        assertThat(r.describe()).isEqualTo("Republished 1 failed tasks of batch b1 with error ERROR_PAGEURL as generation 2.");
        assertThat(generation(2)).extracting(TaskRecord::taskId).containsExactly("b1/3");
    }

    @Test
    void aSecondRetryRaisesTheGenerationAgainAndNothingFailedMeansNothingWritten() {
        retry.run("b1", Optional.of("ERROR_PAGEURL"));
        fleet.write(outcome("b1", 3, SOLVED, null));

        assertThat(retry.run("b1", Optional.of("ERROR_PAGEURL")).describe())
                .isEqualTo("No failed tasks of batch b1 with error ERROR_PAGEURL; nothing republished.");
        assertThat(retry.run("b1", Optional.empty()).generation()).isEqualTo(3);
        assertThat(generation(3)).extracting(TaskRecord::taskId).containsExactly("b1/2");
        assertThat(manifest().generation()).isEqualTo(3);
    }

    @Test
    void anUnknownBatchIsAUsageError() {
        assertThatThrownBy(() -> retry.run("nope", Optional.empty()))
                .isInstanceOf(InputException.class)
                .hasMessage("Unknown batch \"nope\": no batch with that id was submitted (known: b1)");
    }

    private List<TaskRecord> generation(int g) {
        return TopicRecords.read(fleet.bootstrap, fleet.layout.tasks()).stream().map(r -> TaskCodec.read(r.value()))
                .filter(t -> t.generation() == g).toList();
    }

    private BatchManifest manifest() {
        List<BatchManifest> all = TopicRecords.read(fleet.bootstrap, fleet.layout.batches()).stream()
                .map(r -> BatchManifestCodec.read(r.value())).toList();
        return all.get(all.size() - 1);
    }
}
