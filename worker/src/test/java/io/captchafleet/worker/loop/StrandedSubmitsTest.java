package io.captchafleet.worker.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.topics.TopicLayout;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The paid submits a rejected commit left unrecorded: written after their partition's restore, and only
 * for tasks nobody recorded since, so an {@code in_flight} never lands after another worker's outcome.
 */
class StrandedSubmitsTest {
    private static final int P = 3;

    private final LoopState state = new LoopState();
    private final OutcomeWriter writer = new OutcomeWriter(TopicLayout.withDefaults("t"), "w-1", 1_000_000);
    private final List<List<ProducerRecord<byte[], byte[]>>> writes = new ArrayList<>();
    private boolean brokerAnswers = true;
    private long nowMs = 1_000_000;
    private final StrandedSubmits stranded = new StrandedSubmits(state, records -> {
        if (brokerAnswers) {
            writes.add(records);
        }
        return brokerAnswers;
    }, () -> nowMs);

    @Test
    void writesOnlyTheSubmitsOfTasksNobodyRecordedSinceAndHandsThemBackForPolling() {
        stranded.keep(List.of(paidSubmit("a", "s-a"), paidSubmit("b", "s-b"), paidSubmit("c", "s-c"), paidSubmit("d", "s-d")));
        // While the group had forgotten this worker, another owner paid for b again and finished c.
        state.table.advance(P, "b", TaskState.of(outcome("b", OutcomeStatus.IN_FLIGHT).solverTaskId("other").build()));
        state.table.advance(P, "c", TaskState.of(outcome("c", OutcomeStatus.SOLVED).token("tok").build()));
        // d was only queued for a retry before: this worker's submit is the newer news.
        state.table.advance(P, "d", TaskState.of(Outcome.forTask(task("d", 0), OutcomeStatus.RETRYING).build()));

        List<Outcome> recorded = stranded.recordAfterRestore(P);

        assertThat(recorded).extracting(Outcome::taskId).containsExactly("a", "d");
        assertThat(writes).singleElement().satisfies(w -> assertThat(w).extracting(r -> new String(r.key())).containsExactly("a", "d"));
        assertThat(state.table.get(P, "a").solverId()).isEqualTo("s-a");
        assertThat(state.table.get(P, "b").solverId()).as("the other owner's submit stays the one polled").isEqualTo("other");
        assertThat(state.strandedPaidSubmits).isEmpty();
        assertThat(stranded.recordAfterRestore(P)).as("written once").isEmpty();
    }

    @Test
    void aFailedWriteKeepsThemAndSaysTheRestoreMustWait() {
        stranded.keep(List.of(paidSubmit("a", "s-a")));
        state.recountLedger();
        assertThat(state.ledgerInUse).as("kept paid submits count against the ledger window").isEqualTo(1);
        brokerAnswers = false;

        assertThat(stranded.recordAfterRestore(P)).isNull();
        assertThat(state.strandedPaidSubmits.get(P)).hasSize(1);
        assertThat(state.table.get(P, "a")).isNull();

        brokerAnswers = true;
        assertThat(stranded.recordAfterRestore(P)).as("not tried again at once").isNull();
        assertThat(writes).isEmpty();
        nowMs += StrandedSubmits.RETRY_MS;
        assertThat(stranded.recordAfterRestore(P)).extracting(Outcome::taskId).containsExactly("a");
        assertThat(state.ledgerInUse).isZero();
    }

    @Test
    void aWriteFailingForLongIsGivenUpSoThePartitionGoesOn() {
        stranded.keep(List.of(paidSubmit("a", "s-a")));
        brokerAnswers = false;
        assertThat(stranded.recordAfterRestore(P)).isNull();
        for (long waited = 0; waited < StrandedSubmits.GIVE_UP_MS; waited += StrandedSubmits.RETRY_MS) {
            nowMs += StrandedSubmits.RETRY_MS;
            if (stranded.recordAfterRestore(P) != null) {
                break;
            }
        }

        assertThat(stranded.recordAfterRestore(P)).as("given up: the restore may end").isEmpty();
        assertThat(state.strandedPaidSubmits).isEmpty();
        assertThat(state.table.get(P, "a")).isNull();
    }

    @Test
    void forgetsThoseOfPartitionsAssignedElsewhere() {
        stranded.keep(List.of(paidSubmit("a", "s-a"), withPartition(paidSubmit("z", "s-z"), 5)));

        stranded.forgetAllBut(java.util.Set.of(P));

        assertThat(state.strandedPaidSubmits).containsOnlyKeys(P);
    }

    private ProducerRecord<byte[], byte[]> paidSubmit(String taskId, String solverId) {
        Outcome o = outcome(taskId, OutcomeStatus.IN_FLIGHT).paidSubmits(1).solverTaskId(solverId).submittedAt(Instant.EPOCH).build();
        return writer.result(o, P);
    }

    private static ProducerRecord<byte[], byte[]> withPartition(ProducerRecord<byte[], byte[]> r, int partition) {
        return new ProducerRecord<>(r.topic(), partition, r.key(), r.value(), r.headers());
    }

    private Outcome.Builder outcome(String taskId, OutcomeStatus status) {
        return writer.outcome(task(taskId, 1), status);
    }

    private static TaskRecord task(String taskId, int attempt) {
        return new TaskRecord(taskId, "b", 0, 1, attempt, Json.object(), 0, null, 1);
    }
}
