package io.captchafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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
import io.captchafleet.common.redact.Redactor;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.common.serde.TaskCodec;
import io.captchafleet.common.topics.DeadLetterHeaders;
import io.captchafleet.common.topics.ResultHeaders;
import io.captchafleet.sandbox.broker.BrokerOptions;
import io.captchafleet.sandbox.broker.EmbeddedKafkaBroker;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every operator command through the real command line, in this JVM, against a real broker. */
@ExtendWith(KafkaClusterExtension.class)
class OperatorCommandsTest {
    @TempDir
    Path dir;
    private CliCluster fleet;

    @BeforeEach
    void setUp(TestKafka kafka) {
        fleet = CliCluster.on(kafka);
    }

    @Test
    void submitPublishesAFileAndASecondSubmitSaysAlreadySubmitted() throws IOException {
        Path file = tasks("tasks.jsonl", 3);

        CliRunner.Result first = CliRunner.run(fleet.env(), "submit", file.toString(), "--progress", "plain");
        CliRunner.Result second = CliRunner.run(fleet.env(), "submit", file.toString());

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).matches("Submitted batch \"tasks\": 3 published \\(3 tasks\\), 0 rejected, [0-9.]+ s\\.\\R");
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).startsWith("Batch \"tasks\" already submitted with the same 3 tasks; nothing was published (");
    }

    @Test
    void submitOfABadFileListsEveryBadLineAndExits2() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"method\":\"userrecaptcha\",\"sitekey\":\"k\",\"pageurl\":\"example.com/x\"}\n{\"method\":\"turnstile\"}\n");

        CliRunner.Result r = CliRunner.run(fleet.env(), "submit", file.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("captcha-fleet submit: 2 of 2 tasks in " + file + " are invalid; nothing was published:\n"
                + file + ":1: \"pageurl\" must be an absolute http(s) URL, got \"example.com/x\"\n"
                + file + ":2: \"sitekey\" is missing (method \"turnstile\" needs it)\n"
                + file + ":2: \"pageurl\" is missing (method \"turnstile\" needs it)" + System.lineSeparator());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void submitWrongUseIsExplained() throws IOException {
        Path file = tasks("tasks.jsonl", 1);
        assertThat(CliRunner.run(fleet.env(), "submit", file.toString(), "--format", "xml").err())
                .isEqualTo("captcha-fleet submit: Invalid value xml for --format: must be one of jsonl, json, csv, checkpoint"
                        + " (or leave it out to detect it)" + System.lineSeparator());
        assertThat(CliRunner.run(fleet.env(), "submit", dir.resolve("none.jsonl").toString()).err())
                .isEqualTo("captcha-fleet submit: Cannot read " + dir.resolve("none.jsonl") + ": no such file" + System.lineSeparator());
        CliRunner.Result noCluster = CliRunner.run(Map.of(), "submit", file.toString());
        assertThat(noCluster.exitCode()).isEqualTo(2);
        assertThat(noCluster.err()).isEqualTo("captcha-fleet submit: Missing --bootstrap-servers (or CAPTCHA_FLEET_BOOTSTRAP_SERVERS)"
                + " or --state-dir: say where the Kafka cluster is, e.g. --bootstrap-servers 127.0.0.1:9092, or --state-dir"
                + " .captcha-fleet for the local embedded fleet" + System.lineSeparator());
        CliRunner.Result both = CliRunner.run("submit", file.toString(), "--bootstrap-servers", fleet.bootstrap(), "--state-dir", dir.toString());
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).startsWith("captcha-fleet submit: Give either --bootstrap-servers or --state-dir, not both");
    }

    @Test
    void statusShowsTheBatchAndJsonOnRequest() throws IOException {
        CliRunner.run(fleet.env(), "submit", tasks("b1.jsonl", 4).toString());
        fleet.outcomes(outcome("b1", 1, OutcomeStatus.SOLVED, null), outcome("b1", 2, OutcomeStatus.FAILED, "ERROR_PAGEURL"));

        CliRunner.Result text = CliRunner.run(fleet.env(), "status", "--batch", "b1");
        CliRunner.Result json = CliRunner.run(fleet.env(), "status", "--json");
        CliRunner.Result unknown = CliRunner.run(fleet.env(), "status", "--batch", "b2");

        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).startsWith("Fleet: running\nWorkers: none live; lag ")
                .containsPattern("Batch b1 \\(generation 1, from \\S+, submitted \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\)\n")
                .contains("  total 4, solved 1, failed 1 (ERROR_PAGEURL 1), in flight 0, retrying 0, pending 2\n");
        ObjectNode parsed = (ObjectNode) Json.parse(json.out().getBytes(StandardCharsets.UTF_8), "status");
        assertThat(parsed.get("batches").get(0).get("solved").asInt()).isEqualTo(1);
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("captcha-fleet status: Unknown batch \"b2\": no batch with that id was submitted (known: b1)"
                + System.lineSeparator());
    }

    @Test
    void statusWatchEndsWhenTheBatchIsFinished() throws IOException {
        CliRunner.run(fleet.env(), "submit", tasks("b1.jsonl", 1).toString());
        fleet.outcomes(outcome("b1", 1, OutcomeStatus.SOLVED, null));

        CliRunner.Result r = CliRunner.run(fleet.env(), "status", "--watch", "--interval", "100ms");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("[##############################] 100%", "ETA done");
    }

    @Test
    void resultsExportsToStdoutOrAFileInEachFormat() throws IOException {
        CliRunner.run(fleet.env(), "submit", tasks("b1.jsonl", 3).toString());
        fleet.outcomes(outcome("b1", 1, OutcomeStatus.SOLVED, null), outcome("b1", 2, OutcomeStatus.FAILED, "ERROR_PAGEURL"),
                outcome("b1", 3, OutcomeStatus.IN_FLIGHT, null));
        Path csv = dir.resolve("out.csv");

        CliRunner.Result jsonl = CliRunner.run(fleet.env(), "results", "--batch", "b1", "--status", "solved");
        CliRunner.Result toFile = CliRunner.run(fleet.env(), "results", "--batch", "b1", "--all", "--format", "csv", "--out", csv.toString());
        CliRunner.Result checkpoint = CliRunner.run(fleet.env(), "results", "--batch", "b1", "--format", "checkpoint");

        assertThat(jsonl.exitCode()).as(jsonl.err()).isZero();
        assertThat(jsonl.out().lines()).singleElement().asString().startsWith("{\"v\":1,\"task_id\":\"b1/1\",").contains("\"status\":\"solved\"");
        assertThat(jsonl.err()).isEqualTo("Exported 1 outcomes of batch b1 (1 solved, 0 failed)." + System.lineSeparator());
        assertThat(toFile.err()).isEqualTo("Exported 3 outcomes of batch b1 (1 solved, 1 failed, 1 not finished). Written to " + csv + "."
                + System.lineSeparator());
        assertThat(Files.readAllLines(csv)).hasSize(4).first().asString().startsWith("task_id,batch,index,");
        assertThat(Files.exists(dir.resolve("out.csv.partial"))).isFalse();
        assertThat(checkpoint.out()).startsWith("[\n  {\n    \"index\": ");
    }

    @Test
    void resultsWrongUseIsExplained() throws IOException {
        CliRunner.run(fleet.env(), "submit", tasks("b1.jsonl", 1).toString());
        assertThat(CliRunner.run(fleet.env(), "results").err()).isEqualTo("captcha-fleet results: Missing required option: '--batch=ID'"
                + System.lineSeparator() + "Try 'captcha-fleet results --help' for the options." + System.lineSeparator());
        assertThat(CliRunner.run(fleet.env(), "results", "--batch", "zzz").err()).isEqualTo("captcha-fleet results: Unknown batch \"zzz\":"
                + " no batch with that id was submitted (known: b1)" + System.lineSeparator());
        CliRunner.Result r = CliRunner.run(fleet.env(), "results", "--batch", "b1", "--format", "checkpoint", "--follow");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("captcha-fleet results: --follow cannot be used with --format checkpoint");
    }

    @Test
    void haltThenResumeAndAResumeOfARunningFleetChangesNothing() {
        assertThat(CliRunner.run(fleet.env(), "topics", "create").exitCode()).isZero();
        CliRunner.Result notHalted = CliRunner.run(fleet.env(), "resume");
        CliRunner.Result noReason = CliRunner.run(fleet.env(), "halt");
        CliRunner.Result halt = CliRunner.run(fleet.env(), "halt", "--reason", "maintenance");
        CliRunner.Result resume = CliRunner.run(fleet.env(), "resume", "--reason", "done");

        assertThat(notHalted.exitCode()).isZero();
        assertThat(notHalted.out()).isEqualTo("The fleet is running; nothing to resume, nothing written." + System.lineSeparator());
        assertThat(noReason.exitCode()).isEqualTo(2);
        assertThat(noReason.err()).isEqualTo("captcha-fleet halt: Missing required option: '--reason=TEXT'" + System.lineSeparator()
                + "Try 'captcha-fleet halt --help' for the options." + System.lineSeparator());
        assertThat(CliRunner.run(fleet.env(), "halt", "--reason", " ").err()).isEqualTo("captcha-fleet halt: Missing --reason: say why the fleet"
                + " is halted, e.g. --reason \"refilling the balance\"" + System.lineSeparator());
        assertThat(halt.exitCode()).as(halt.err()).isZero();
        assertThat(halt.out()).matches("Fleet halted since \\S+ by an operator from operator:\\S+: maintenance\\.\\R");
        assertThat(resume.exitCode()).isZero();
        assertThat(resume.out()).startsWith("Fleet running (it was halted since ");
    }

    @Test
    void retryFailedRepublishesAndNamesWhatItDid() throws IOException {
        CliRunner.run(fleet.env(), "submit", tasks("b1.jsonl", 2).toString());
        fleet.outcomes(outcome("b1", 1, OutcomeStatus.FAILED, "ERROR_CAPTCHA_UNSOLVABLE"));

        CliRunner.Result r = CliRunner.run(fleet.env(), "retry-failed", "--batch", "b1");
        CliRunner.Result missing = CliRunner.run(fleet.env(), "retry-failed");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Republished 1 failed tasks of batch b1 as generation 2." + System.lineSeparator());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("captcha-fleet retry-failed: Missing required option: '--batch=ID'"
                + System.lineSeparator() + "Try 'captcha-fleet retry-failed --help' for the options." + System.lineSeparator());
    }

    @Test
    void deadLettersListsAndReplays() throws IOException {
        CliRunner.run(fleet.env(), "submit", tasks("b1.jsonl", 1).toString());
        RecordHeaders h = new RecordHeaders();
        h.add(DeadLetterHeaders.REASON, "task record: version 2 is newer".getBytes(StandardCharsets.UTF_8));
        h.add(DeadLetterHeaders.SOURCE_TOPIC, fleet.layout().tasks().getBytes(StandardCharsets.UTF_8));
        byte[] value = TaskCodec.write(TaskRecord.first("b1", "9", 8, task(9)));
        fleet.send(fleet.layout().deadLetter(), "b1/9", value, h);

        CliRunner.Result list = CliRunner.run(fleet.env(), "dead-letters");
        CliRunner.Result json = CliRunner.run(fleet.env(), "dead-letters", "--json");
        CliRunner.Result replay = CliRunner.run(fleet.env(), "dead-letters", "--replay");

        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("key b1/9 from " + fleet.layout().tasks(), "task record: version 2 is newer (reads correctly now)");
        assertThat(list.err()).isEqualTo("1 dead letter." + System.lineSeparator());
        assertThat(json.out()).contains("\"readable_now\":true");
        assertThat(replay.out()).isEqualTo("Replayed 1 dead letter to the topics they came from." + System.lineSeparator());
    }

    @Test
    void aNewFleetWithNothingSubmittedIsAUsageErrorForReadingCommands() {
        CliRunner.Result r = CliRunner.run(fleet.env(), "status");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("captcha-fleet status: No fleet under --topic-prefix " + fleet.layout().prefix() + " on this cluster: ");
    }

    @Test
    void stateDirStartsTheEmbeddedBrokerForTheCommandAndKeepsItsState() throws IOException {
        Path state = dir.resolve("state");
        Path file = tasks("sd.jsonl", 2);

        CliRunner.Result submit = CliRunner.run("submit", file.toString(), "--state-dir", state.toString(), "--partitions", "1");
        CliRunner.Result status = CliRunner.run("status", "--state-dir", state.toString(), "--batch", "sd");

        assertThat(submit.exitCode()).as(submit.err()).isZero();
        assertThat(submit.err()).contains("No fleet is running on " + state.toAbsolutePath() + "; started its embedded broker for this command.");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("  total 2, solved 0, failed 0, in flight 0, retrying 0, pending 2\n");
    }

    @Test
    void stateDirTalksToTheBrokerARunningFleetKeepsThere() throws IOException {
        Path state = dir.resolve("running");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.builder().dataDir(state).build())) {
            CliRunner.Result halt = CliRunner.run("halt", "--state-dir", state.toString(), "--reason", "test", "--partitions", "1");

            assertThat(halt.exitCode()).as(halt.err()).isZero();
            assertThat(halt.err()).doesNotContain("started its embedded broker");
            assertThat(halt.out()).startsWith("Fleet halted since ");
        }
    }

    @Test
    void statusShowsWhatABatchCostItsCapAndTheBalanceLastSeenAndCapChangesIt() throws IOException {
        CliRunner.Result submitted = CliRunner.run(fleet.env(), "submit", tasks("b1.jsonl", 4).toString(), "--max-spend", "0.5");
        assertThat(submitted.exitCode()).as(submitted.err()).isZero();
        RecordHeaders balance = new RecordHeaders();
        balance.add(ResultHeaders.BALANCE, "12.34@2026-11-29T21:38:55.315Z".getBytes(StandardCharsets.UTF_8));
        fleet.send(fleet.layout().results(), "b1/1", OutcomeCodec.write(outcome("b1", 1, OutcomeStatus.SOLVED, null).toBuilder()
                .cost(new BigDecimal("0.003"), "api").build()), balance);
        fleet.outcomes(outcome("b1", 2, OutcomeStatus.SOLVED, null).toBuilder().cost(new BigDecimal("0.002"), "balance").build());

        assertThat(CliRunner.run(fleet.env(), "status", "--batch", "b1").out())
                .contains("  spent 0.005 (0.0025 per solved task), capped at 0.5; balance 12.34 at 2026-11-29T21:38:55.315Z\n");

        CliRunner.Result raised = CliRunner.run(fleet.env(), "cap", "--batch", "b1", "--max-spend", "2");
        CliRunner.Result again = CliRunner.run(fleet.env(), "cap", "--batch", "b1", "--max-spend", "2.00", "--json");
        CliRunner.Result lifted = CliRunner.run(fleet.env(), "cap", "--batch", "b1", "--max-spend", "none");
        assertThat(raised.out()).startsWith("Batch b1 is capped at 2 (it was capped at 0.5).");
        assertThat(again.out().strip()).isEqualTo("{\"batch\":\"b1\",\"written\":false,\"before\":\"2\",\"max_spend\":\"2\"}");
        assertThat(lifted.out()).startsWith("Batch b1 is not capped (it was capped at 2).");
        ObjectNode json = (ObjectNode) Json.parse(CliRunner.run(fleet.env(), "status", "--json").out().getBytes(StandardCharsets.UTF_8), "status");
        assertThat(json.get("batches").get(0).toString()).contains("\"spent\":\"0.005\",\"cost_per_solved\":\"0.0025\","
                + "\"uncosted_paid_submits\":0,\"max_spend\":null,\"balance\":{\"amount\":\"12.34\",\"at\":\"2026-11-29T21:38:55.315Z\"}");

        CliRunner.Result unknown = CliRunner.run(fleet.env(), "cap", "--batch", "b9", "--max-spend", "1");
        CliRunner.Result bad = CliRunner.run(fleet.env(), "cap", "--batch", "b1", "--max-spend", "lots");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("captcha-fleet cap: Unknown batch \"b9\": no batch with that id was submitted");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("captcha-fleet cap: Invalid value lots for --max-spend: must be an amount like 2.50"
                + System.lineSeparator());
    }

    @Test
    void reportPublishesVerdictsOfSolvedTasksAndRefusesUnknownAndUnsolvedOnesWithExit2() throws IOException {
        CliRunner.run(fleet.env(), "submit", tasks("b1.jsonl", 3).toString());
        fleet.outcomes(outcome("b1", 1, OutcomeStatus.SOLVED, null), outcome("b1", 2, OutcomeStatus.FAILED, "ERROR_PAGEURL"));

        CliRunner.Result refused = CliRunner.run(fleet.env(), "report", "--batch", "b1", "--verdict", "bad", "--task", "1", "2", "b1/7");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("captcha-fleet report: b1/2: not solved (failed, ERROR_PAGEURL)\n"
                + "b1/7: unknown task (its batch has no outcome for it)\nOnly solved tasks can be reported; nothing was reported."
                + System.lineSeparator());
        assertThat(fleet.endOffsets(fleet.layout().verdicts())).as("nothing published").isZero();

        Path lines = dir.resolve("verdicts.jsonl");
        Files.writeString(lines, "{\"task_id\":\"b1/1\",\"verdict\":\"bad\"}\n{\"task_id\":\"b2/1\",\"verdict\":\"bad\"}\n"
                + "{\"task_id\":\"b1/1\",\"verdict\":\"meh\"}\n");
        CliRunner.Result badLines = CliRunner.run(fleet.env(), "report", "--batch", "b1", "--from", lines.toString());
        assertThat(badLines.exitCode()).isEqualTo(2);
        assertThat(badLines.err()).isEqualTo("captcha-fleet report: 2 lines of " + lines + " are invalid; nothing was reported:\n"
                + lines + ":2: verdict line: field \"task_id\" \"b2/1\" is not a task of batch b1\n"
                + lines + ":3: verdict line: field \"verdict\" must be \"bad\" or \"good\", got \"meh\"" + System.lineSeparator());

        CliRunner.Result reported = CliRunner.run(fleet.env(), "report", "--batch", "b1", "--verdict", "bad", "--task", "1", "--json");
        assertThat(reported.exitCode()).as(reported.err()).isZero();
        assertThat(reported.out().strip()).isEqualTo("{\"batch\":\"b1\",\"published\":1,\"by_verdict\":{\"bad\":1},\"already_reported\":0}");
        assertThat(CliRunner.run(fleet.env(), "report", "--batch", "b1", "--task", "1").err())
                .isEqualTo("captcha-fleet report: Missing --verdict: say whether the answers of --task are bad or good" + System.lineSeparator());
    }

    private Path tasks(String name, int n) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, IntStream.rangeClosed(1, n).mapToObj(i -> Json.write(task(i))).collect(Collectors.joining("\n")) + "\n");
        return p;
    }

    private static ObjectNode task(int i) {
        ObjectNode o = Json.object();
        o.put("method", "userrecaptcha").put("sitekey", "k").put("pageurl", "https://example.com/" + i)
                .put("proxy", "bob:pw@10.1.1.1:8080");
        return o;
    }

    private static Outcome outcome(String batch, int i, OutcomeStatus status, String error) {
        Outcome.Builder b = Outcome.forTask(TaskRecord.first(batch, Integer.toString(i), i - 1, task(i)), status)
                .taskData(Redactor.redact(task(i))).worker("w-1");
        if (status == OutcomeStatus.SOLVED) {
            b.token("tok").solvedAt(Instant.now());
        }
        if (error != null) {
            b.error(error, "task");
        }
        return b.build();
    }
}
