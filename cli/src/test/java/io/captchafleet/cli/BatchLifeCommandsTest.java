package io.captchafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.serde.Json;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code cancel} and {@code purge} through the real command line against a real broker: what they refuse, write and say. */
@ExtendWith(KafkaClusterExtension.class)
class BatchLifeCommandsTest {
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
    private static final String NL = System.lineSeparator();

    @TempDir
    Path dir;
    private CliCluster fleet;

    @BeforeEach
    void setUp(TestKafka kafka) {
        fleet = CliCluster.on(kafka);
    }

    @Test
    void anUnfinishedBatchIsNotPurgedAndForceNeedsACancelAndNothingInFlight() throws IOException {
        submit("b1", 2);
        fleet.outcomes(outcome("b1", 1, OutcomeStatus.SOLVED), outcome("b1", 2, OutcomeStatus.IN_FLIGHT));

        CliRunner.Result unfinished = CliRunner.run(fleet.env(), "purge", "--batch", "b1");
        CliRunner.Result notCancelled = CliRunner.run(fleet.env(), "purge", "--batch", "b1", "--force");
        CliRunner.Result cancel = CliRunner.run(fleet.env(), "cancel", "--batch", "b1", "--reason", "wrong site key");
        CliRunner.Result again = CliRunner.run(fleet.env(), "cancel", "--batch", "b1");
        CliRunner.Result inFlight = CliRunner.run(fleet.env(), "purge", "--batch", "b1", "--force");
        CliRunner.Result status = CliRunner.run(fleet.env(), "status", "--batch", "b1");
        CliRunner.Result unknown = CliRunner.run(fleet.env(), "cancel", "--batch", "nope");

        assertThat(unfinished.exitCode()).isEqualTo(2);
        assertThat(unfinished.err()).isEqualTo("captcha-fleet purge: Batch b1 is not finished: 1 of 2 tasks have no final outcome"
                + " (1 in flight, 0 retrying, 0 pending). Wait until it has finished, or cancel it ('captcha-fleet cancel --batch b1')"
                + " and purge it with --force once nothing is in flight" + NL);
        assertThat(notCancelled.err()).isEqualTo("captcha-fleet purge: --force purges a cancelled batch only: batch b1 is not"
                + " cancelled. Run 'captcha-fleet cancel --batch b1' first, or wait until it has finished and purge it without --force" + NL);
        assertThat(cancel.exitCode()).as(cancel.err()).isZero();
        assertThat(cancel.out()).matches("Batch b1 cancelled since " + TIME + " \\(wrong site key\\): no new submits; its unpaid tasks"
                + " end failed with CANCELLED, paid ones are polled to their answer\\. 'captcha-fleet retry-failed --batch b1 --error"
                + " CANCELLED' brings it back\\.\\R");
        assertThat(again.out()).matches("Batch b1 was already cancelled since " + TIME + " \\(wrong site key\\); nothing written\\.\\R");
        assertThat(inFlight.exitCode()).isEqualTo(2);
        assertThat(inFlight.err()).isEqualTo("captcha-fleet purge: Batch b1 still has 1 tasks in flight (paid, being polled): purge it"
                + " once they have ended ('captcha-fleet status --batch b1' shows them)" + NL);
        assertThat(status.out()).containsPattern("  cancelled since " + TIME + ": wrong site key \\(no new submits; 'captcha-fleet"
                + " retry-failed --batch b1 --error CANCELLED' brings it back\\)\n");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("captcha-fleet cancel: Unknown batch \"nope\"");

        // A worker ended the unpaid task CANCELLED; retry-failed brings it back as a generation the cancel does not cover.
        fleet.outcomes(Outcome.forTask(TaskRecord.first("b1", "2", 1, task("b1", 2)), OutcomeStatus.FAILED).worker("w-1")
                .error("CANCELLED", "cancelled").build());
        CliRunner.Result retry = CliRunner.run(fleet.env(), "retry-failed", "--batch", "b1", "--error", "CANCELLED");
        CliRunner.Result after = CliRunner.run(fleet.env(), "status", "--batch", "b1");
        assertThat(retry.out()).isEqualTo("Republished 1 failed tasks of batch b1 with error CANCELLED as generation 2." + NL);
        assertThat(after.out()).contains("Batch b1 (generation 2").doesNotContain("cancelled since");
    }

    @Test
    void aPurgeDeletesEveryOutcomeAndTheManifestAndStatusResultsAndRetryFailedSayWhen() throws IOException {
        submit("b2", 3);
        submit("other", 1);
        fleet.outcomes(outcome("b2", 1, OutcomeStatus.IN_FLIGHT));
        fleet.outcomes(outcome("b2", 1, OutcomeStatus.SOLVED), outcome("b2", 2, OutcomeStatus.SOLVED), outcome("b2", 3, OutcomeStatus.FAILED),
                outcome("other", 1, OutcomeStatus.SOLVED));

        CliRunner.Result purge = CliRunner.run(fleet.env(), "purge", "--batch", "b2");
        Map<String, byte[]> results = fleet.latestValues(fleet.layout().results());
        Map<String, byte[]> manifests = fleet.latestValues(fleet.layout().batches());
        CliRunner.Result status = CliRunner.run(fleet.env(), "status");
        CliRunner.Result export = CliRunner.run(fleet.env(), "results", "--batch", "b2");
        CliRunner.Result retry = CliRunner.run(fleet.env(), "retry-failed", "--batch", "b2");
        CliRunner.Result again = CliRunner.run(fleet.env(), "purge", "--batch", "b2", "--json");

        assertThat(purge.exitCode()).as(purge.err()).isZero();
        assertThat(purge.out()).matches("Batch b2 purged at " + TIME + ": deleted 3 outcomes, its manifest and 0 verdicts\\. Every worker"
                + " forgets it; compaction frees the records\\.\\R");
        assertThat(results).containsKeys("b2/1", "b2/2", "b2/3", "other/1");
        assertThat(results.get("b2/1")).isNull();
        assertThat(results.get("b2/2")).isNull();
        assertThat(results.get("b2/3")).isNull();
        assertThat(results.get("other/1")).isNotNull();
        assertThat(manifests).containsEntry("b2", null);
        assertThat(manifests.get("other")).isNotNull();
        assertThat(status.out()).containsPattern("\nBatch b2: purged at " + TIME + " \\(its outcomes and manifest were deleted\\)\n")
                .contains("Batch other (generation 1");
        assertThat(export.exitCode()).isEqualTo(2);
        assertThat(export.err()).matches("captcha-fleet results: Batch \"b2\" was purged at " + TIME + ": its tasks' outcomes and its"
                + " manifest were deleted\\R");
        assertThat(retry.err()).startsWith("captcha-fleet retry-failed: Batch \"b2\" was purged at ");
        assertThat(again.out()).contains("\"written\":false", "\"outcomes_deleted\":0");
    }

    private void submit(String batch, int n) throws IOException {
        Path p = dir.resolve(batch + ".jsonl");
        Files.writeString(p, IntStream.rangeClosed(1, n).mapToObj(i -> Json.write(task(batch, i))).collect(Collectors.joining("\n")) + "\n");
        CliRunner.Result r = CliRunner.run(fleet.env(), "submit", p.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    private static ObjectNode task(String batch, int i) {
        return Json.object().put("method", "turnstile").put("sitekey", "k").put("pageurl", "https://example.com/" + batch + "/" + i);
    }

    private static Outcome outcome(String batch, int i, OutcomeStatus status) {
        Outcome.Builder b = Outcome.forTask(TaskRecord.first(batch, Integer.toString(i), i - 1, task(batch, i)), status).worker("w-1");
        if (status == OutcomeStatus.SOLVED) {
            b.token("tok").solvedAt(Instant.now());
        } else if (status == OutcomeStatus.FAILED) {
            b.error("ERROR_CAPTCHA_UNSOLVABLE", "task");
        } else {
            b.solverTaskId("7000000001").submittedAt(Instant.now());
        }
        return b.build();
    }
}
