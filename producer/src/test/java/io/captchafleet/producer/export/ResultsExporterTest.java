package io.captchafleet.producer.export;

import static io.captchafleet.common.model.OutcomeStatus.FAILED;
import static io.captchafleet.common.model.OutcomeStatus.IN_FLIGHT;
import static io.captchafleet.common.model.OutcomeStatus.RETRYING;
import static io.captchafleet.common.model.OutcomeStatus.SOLVED;
import static io.captchafleet.producer.TestFleet.outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import io.captchafleet.common.InputException;
import io.captchafleet.common.serde.Json;
import io.captchafleet.producer.TestFleet;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class ResultsExporterTest {
    private TestFleet fleet;
    private ResultsExporter exporter;

    @BeforeEach
    void setUp(TestKafka kafka) {
        fleet = new TestFleet(kafka);
        exporter = new ResultsExporter(fleet.clients, fleet.layout);
        fleet.submit("b1", 5);
        fleet.submit("other", 1);
        fleet.write(outcome("b1", 1, IN_FLIGHT, null), outcome("b1", 1, SOLVED, null),
                outcome("b1", 2, FAILED, "ERROR_CAPTCHA_UNSOLVABLE"), outcome("b1", 3, RETRYING, "ERROR_NO_SLOT_AVAILABLE"),
                outcome("b1", 4, FAILED, "ERROR_PAGEURL"), outcome("b1", 4, SOLVED, null), outcome("b1", 5, IN_FLIGHT, null),
                outcome("other", 1, SOLVED, null));
    }

    @Test
    void exportsTheNewestTerminalOutcomeOfEveryTaskOfTheBatchAsJsonLines() throws IOException {
        StringWriter out = new StringWriter();

        ExportSummary s = exporter.export(ResultsOptions.builder("b1").build(), ResultsWriter.of(ExportFormat.JSONL, out));

        List<JsonNode> lines = lines(out);
        assertThat(lines).extracting(n -> n.get("task_id").asText() + " " + n.get("status").asText())
                .containsExactlyInAnyOrder("b1/1 solved", "b1/2 failed", "b1/4 solved");
        assertThat(lines).allSatisfy(n -> {
            assertThat(n.get("v").asInt()).isEqualTo(1);
            assertThat(n.get("task_data").get("proxy").asText()).startsWith("[redacted]@10.0.0.");
        });
        assertThat(s.describe()).isEqualTo("Exported 3 outcomes of batch b1 (2 solved, 1 failed).");
    }

    @Test
    void statusAndAllChooseWhichOutcomes() throws IOException {
        StringWriter failed = new StringWriter();
        exporter.export(ResultsOptions.builder("b1").status("failed").build(), ResultsWriter.of(ExportFormat.JSONL, failed));
        assertThat(lines(failed)).extracting(n -> n.get("task_id").asText()).containsExactly("b1/2");

        StringWriter all = new StringWriter();
        ExportSummary s = exporter.export(ResultsOptions.builder("b1").all(true).build(), ResultsWriter.of(ExportFormat.JSONL, all));
        assertThat(lines(all)).extracting(n -> n.get("task_id").asText() + " " + n.get("status").asText())
                .containsExactlyInAnyOrder("b1/1 solved", "b1/2 failed", "b1/3 retrying", "b1/4 solved", "b1/5 in_flight");
        assertThat(s.describe()).isEqualTo("Exported 5 outcomes of batch b1 (2 solved, 1 failed, 2 not finished).");
    }

    @Test
    void csvHasAFixedHeaderAndOneRowPerOutcome() throws IOException {
        StringWriter out = new StringWriter();
        exporter.export(ResultsOptions.builder("b1").status("solved").format("csv").build(), ResultsWriter.of(ExportFormat.CSV, out));

        List<String> rows = Arrays.asList(out.toString().split("\n"));
        assertThat(rows.get(0)).isEqualTo("task_id,batch,index,generation,attempt,status,token,error,category,solve_time,paid_submits,"
                + "solver_task_id,submitted_at,solved_at,expires_at,worker,cost,task_data");
        assertThat(rows).hasSize(3);
        assertThat(rows.subList(1, 3)).anySatisfy(r -> assertThat(r).startsWith("b1/1,b1,0,1,1,solved,token-1,,,12.5,1,,,2026-11-29T20:00:00Z,,w-1,,")
                .contains("[redacted]@10.0.0.1:3128"));
    }

    @Test
    void checkpointFormatIsTheSeedsFileAndReadsBackAsACheckpoint() throws IOException {
        StringWriter out = new StringWriter();
        exporter.export(ResultsOptions.builder("b1").format("checkpoint").build(), ResultsWriter.of(ExportFormat.CHECKPOINT, out));

        JsonNode array = Json.parse(out.toString().getBytes(StandardCharsets.UTF_8), "checkpoint");
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(3);
        JsonNode first = array.get(0);
        assertThat(first.fieldNames()).toIterable().containsExactly("index", "task_data", "status", "token", "error", "attempts", "solve_time");
        assertThat(out.toString()).startsWith("[\n  {\n    \"index\": ");
        JsonNode failed = java.util.stream.StreamSupport.stream(array.spliterator(), false)
                .filter(n -> n.get("status").asText().equals("failed")).findFirst().orElseThrow();
        assertThat(failed.get("index").asInt()).isEqualTo(1);
        assertThat(failed.get("error").asText()).isEqualTo("ERROR_CAPTCHA_UNSOLVABLE");
        assertThat(failed.get("token").asText()).isEmpty();
    }

    @Test
    void followStreamsNewOutcomesUntilTheBatchIsComplete() throws Exception {
        SyncWriter out = new SyncWriter();
        CompletableFuture<ExportSummary> export = CompletableFuture.supplyAsync(() -> {
            try {
                return exporter.export(ResultsOptions.builder("b1").untilComplete(true).build(), ResultsWriter.of(ExportFormat.JSONL, out));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> out.text().lines().count() == 3);

        fleet.write(outcome("b1", 3, SOLVED, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> out.text().lines().count() == 4);
        assertThat(export).isNotDone();
        fleet.write(outcome("b1", 5, FAILED, "ERROR_CAPTCHA_UNSOLVABLE"));

        ExportSummary s = export.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(s.written()).isEqualTo(5);
        assertThat(out.text()).contains("\"task_id\":\"b1/3\"", "\"task_id\":\"b1/5\"");
    }

    @Test
    void followEndsWhenStopped() throws Exception {
        SyncWriter out = new SyncWriter();
        CompletableFuture<ExportSummary> export = CompletableFuture.supplyAsync(() -> {
            try {
                return exporter.export(ResultsOptions.builder("b1").follow(true).build(), ResultsWriter.of(ExportFormat.JSONL, out));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> out.text().lines().count() == 3);

        exporter.stop();

        assertThat(export.get(30, java.util.concurrent.TimeUnit.SECONDS).written()).isEqualTo(3);
    }

    @Test
    void wrongUseIsRefusedWithClearMessages() {
        assertThatThrownBy(() -> exporter.export(ResultsOptions.builder("nope").build(), ResultsWriter.of(ExportFormat.JSONL, new StringWriter())))
                .isInstanceOf(InputException.class)
                .hasMessage("Unknown batch \"nope\": no batch with that id was submitted (known: b1, other)");
        assertThatThrownBy(() -> ResultsOptions.builder(null))
                .hasMessage("Missing --batch: say which batch to export, e.g. --batch tasks");
        assertThatThrownBy(() -> ResultsOptions.builder("b1").status("in_flight"))
                .hasMessage("Invalid value in_flight for --status: must be solved or failed (use --all for in-flight and retrying tasks too)");
        assertThatThrownBy(() -> ResultsOptions.builder("b1").format("xml"))
                .hasMessage("Invalid value xml for --format: must be one of jsonl, csv, checkpoint");
        assertThatThrownBy(() -> ResultsOptions.builder("b1").format("checkpoint").follow(true).build())
                .hasMessage("--follow cannot be used with --format checkpoint: a checkpoint is one JSON array, written when the export"
                        + " ends; follow with --format jsonl or csv");
    }

    private static List<JsonNode> lines(StringWriter out) {
        return out.toString().lines().map(l -> Json.parse(l.getBytes(StandardCharsets.UTF_8), "line")).toList();
    }

    /** A writer another thread may read while the export writes. */
    static final class SyncWriter extends Writer {
        private final StringBuffer sb = new StringBuffer();

        @Override
        public void write(char[] cbuf, int off, int len) {
            sb.append(cbuf, off, len);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        String text() {
            return sb.toString();
        }
    }
}
