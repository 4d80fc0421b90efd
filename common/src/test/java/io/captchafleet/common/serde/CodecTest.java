package io.captchafleet.common.serde;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.model.BatchManifest;
import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.model.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CodecTest {
    private static final String TASK = "{\"v\":1,\"task_id\":\"b1/7\",\"batch\":\"b1\",\"index\":6,\"generation\":1,"
            + "\"attempt\":1,\"task_data\":{\"method\":\"userrecaptcha\",\"sitekey\":\"k\",\"pageurl\":\"https://e.com\"}}";

    private static ObjectNode data() {
        ObjectNode n = Json.object();
        n.put("method", "userrecaptcha").put("sitekey", "6Le-x").put("pageurl", "https://example.com/p1");
        return n;
    }

    @Test
    void taskRoundTripsWithSnakeCaseFieldsAndVersion() {
        TaskRecord t = TaskRecord.first("b1", "7", 6, data(), new BigDecimal("2.00"), 0.25)
                .nextAttempt(1234L, "ERROR_NO_SLOT_AVAILABLE", 1, new BigDecimal("0.00299"));
        byte[] bytes = TaskCodec.write(t);
        assertThat(new String(bytes, UTF_8)).startsWith("{\"v\":1,\"task_id\":\"b1/7\",\"batch\":\"b1\",\"index\":6,"
                + "\"generation\":1,\"attempt\":2,").contains("\"not_before\":1234", "\"last_error\":\"ERROR_NO_SLOT_AVAILABLE\"",
                "\"paid_submits\":1", "\"cost\":\"0.00299\"", "\"max_spend\":\"2.00\"", "\"spend_share\":0.25");
        assertThat(TaskCodec.read(bytes)).isEqualTo(t);
        assertThat(t.nextGeneration(2).maxSpend()).as("retry-failed keeps the batch's cap").isEqualByComparingTo("2.00");
    }

    @Test
    void outcomeRoundTripsEveryField() {
        TaskRecord t = TaskRecord.first("b1", "7", 6, data());
        Outcome o = Outcome.forTask(t, OutcomeStatus.SOLVED).token("03AG").solveTime(12.5).solverTaskId("7312")
                .paidSubmits(1).submittedAt(Instant.parse("2026-11-29T10:00:00Z")).solvedAt(Instant.parse("2026-11-29T10:00:12.500Z"))
                .expiresAt(Instant.parse("2026-11-29T10:02:12.500Z")).worker("w-1").cost(new BigDecimal("0.00299"), "api")
                .report("bad", Instant.parse("2026-11-29T10:00:30Z"), "OK_REPORT_RECORDED").build();
        String json = new String(OutcomeCodec.write(o), UTF_8);
        assertThat(json).contains("\"status\":\"solved\"", "\"solve_time\":12.5", "\"solver_task_id\":\"7312\"",
                "\"solved_at\":\"2026-11-29T10:00:12.500Z\"", "\"paid_submits\":1", "\"cost\":\"0.00299\"",
                "\"cost_source\":\"api\"", "\"report\":\"bad\"", "\"reported_at\":\"2026-11-29T10:00:30Z\"",
                "\"report_result\":\"OK_REPORT_RECORDED\"");
        assertThat(OutcomeCodec.read(json.getBytes(UTF_8))).isEqualTo(o);
    }

    @Test
    void fleetEventAndManifestRoundTrip() {
        FleetEvent e = FleetEvent.fatal("ERROR_ZERO_BALANCE", "empty balance", "b1/3", "w-2", Instant.parse("2026-11-29T10:00:00Z"), 17);
        assertThat(FleetEventCodec.read(FleetEventCodec.write(e))).isEqualTo(e);
        FleetEvent cap = FleetEvent.cap("b1", new BigDecimal("12.50"), "ops", Instant.parse("2026-11-29T10:00:00Z"));
        assertThat(new String(FleetEventCodec.write(cap))).contains("\"batch\":\"b1\"", "\"amount\":\"12.50\"");
        assertThat(FleetEventCodec.read(FleetEventCodec.write(cap))).isEqualTo(cap);
        FleetEvent cancel = FleetEvent.cancel("b1", 2, "wrong key", "ops", Instant.parse("2026-11-29T10:00:00Z"));
        assertThat(new String(FleetEventCodec.write(cancel))).contains("\"generation\":2").doesNotContain("\"v\":2");
        assertThat(FleetEventCodec.read(FleetEventCodec.write(cancel))).isEqualTo(cancel);
        assertThat(new String(FleetEventCodec.write(FleetEvent.halt("x", "ops", Instant.parse("2026-11-29T10:00:00Z")))))
                .doesNotContain("generation");
                BatchManifest m = new BatchManifest("b1", 500, "ab12", "tasks.jsonl", Instant.parse("2026-11-29T10:00:00Z"), 1, new BigDecimal("1.50"));
        assertThat(BatchManifestCodec.read(BatchManifestCodec.write(m))).isEqualTo(m);
    }

    @Test
    void aPerBatchEventWithoutItsBatchIsRefusedByName() {
        assertThatThrownBy(() -> FleetEventCodec.read("{\"v\":1,\"type\":\"CANCEL\",\"at\":\"2026-11-29T10:00:00Z\"}".getBytes()))
                .isInstanceOf(RecordFormatException.class).hasMessage("fleet event: missing field \"batch\"");
        assertThatThrownBy(() -> FleetEventCodec.read(("{\"v\":1,\"type\":\"CAP\",\"batch\":\"b\",\"amount\":\"lots\","
                + "\"at\":\"2026-11-29T10:00:00Z\"}").getBytes()))
                .isInstanceOf(RecordFormatException.class)
                .hasMessage("fleet event: field \"amount\" must be a decimal amount like \"12.50\", got \"lots\"");
    }

    @Test
    void unknownFieldsAreIgnoredSoNewOptionalFieldsDoNotRaiseTheVersion() {
        String withExtra = TASK.replace("\"index\":6", "\"index\":6,\"priority\":\"high\"");
        assertThat(TaskCodec.read(withExtra.getBytes(UTF_8)).index()).isEqualTo(6);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "not JSON          | nope                 | task record: not valid JSON (Unrecognized token 'nope': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') at line 1, column 1)",
        "empty             | ''                   | task record: empty, expected a JSON object",
        "array             | []                   | task record: expected a JSON object, got an array",
        "higher version    | '{\"v\":2}'          | task record: version 2 is newer than this reader understands (1); upgrade captcha-fleet to read it",
        "missing version   | '{\"task_id\":\"x\"}' | task record: missing field \"v\"",
        "truncated         | '{\"v\":1,\"task_id\"' | task record: not valid JSON (Unexpected end-of-input within/between Object entries at line 1, column 17)",
    })
    void malformedTaskRecordsAreRejectedWithExactMessages(String name, String input, String message) {
        assertThatThrownBy(() -> TaskCodec.read(input.getBytes(UTF_8)))
                .isInstanceOf(RecordFormatException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing batch      | \"batch\":\"b1\",        | ''                  | task record: missing field \"batch\"",
        "attempt wrong type | \"attempt\":1           | \"attempt\":\"two\" | task record: field \"attempt\" must be an integer, got \"two\"",
        "attempt zero       | \"attempt\":1           | \"attempt\":0       | task record: field \"attempt\" must be at least 1, got 0",
        "index fractional   | \"index\":6             | \"index\":6.5       | task record: field \"index\" must be an integer, got 6.5",
        "task_data string   | \"task_data\":{         | \"task_data\":\"x\",\"y\":{ | task record: field \"task_data\" must be a JSON object, got \"x\"",
        "foreign task id    | \"task_id\":\"b1/7\"    | \"task_id\":\"b2/7\" | task record: field \"task_id\" must be \"b1/<id>\" for batch \"b1\", got \"b2/7\"",
        "duplicate key      | \"index\":6             | \"index\":6,\"index\":7 | task record: not valid JSON (Duplicate field 'index' at line 1, column 55)",
    })
    void taskRecordsWithWrongFieldsAreRejectedWithExactMessages(String name, String from, String to, String message) {
        String input = TASK.replace(from, to);
        assertThatThrownBy(() -> TaskCodec.read(input.getBytes(UTF_8)))
                .isInstanceOf(RecordFormatException.class)
                .hasMessage(message);
    }

    @Test
    void outcomeWithUnknownStatusIsRejected() {
        String json = "{\"v\":1,\"task_id\":\"b/1\",\"batch\":\"b\",\"index\":0,\"generation\":1,\"attempt\":1,\"status\":\"done\"}";
        assertThatThrownBy(() -> OutcomeCodec.read(json.getBytes(UTF_8)))
                .hasMessage("outcome record: field \"status\" must be one of in_flight, retrying, solved, failed; got \"done\"");
    }

    @Test
    void fleetEventWithBadTimestampIsRejected() {
        String json = "{\"v\":1,\"type\":\"HALT\",\"at\":\"yesterday\"}";
        assertThatThrownBy(() -> FleetEventCodec.read(json.getBytes(UTF_8)))
                .hasMessage("fleet event: field \"at\" must be an ISO-8601 instant like 2026-01-31T12:00:00Z, got \"yesterday\"");
    }

    @Test
    void verdictRoundTripsAndNamesWhatIsWrong() {
        Verdict v = new Verdict("b1/7", Verdict.Kind.BAD, "ops", Instant.parse("2026-11-29T10:00:00Z"));
        assertThat(new String(VerdictCodec.write(v), UTF_8)).isEqualTo("{\"v\":1,\"task_id\":\"b1/7\",\"verdict\":\"bad\","
                + "\"by\":\"ops\",\"at\":\"2026-11-29T10:00:00Z\"}");
        assertThat(VerdictCodec.read(VerdictCodec.write(v))).isEqualTo(v);
        assertThat(VerdictCodec.read("{\"v\":1,\"task_id\":\"b1/7\",\"verdict\":\"good\"}".getBytes(UTF_8)))
                .isEqualTo(new Verdict("b1/7", Verdict.Kind.GOOD, null, null));
        assertThatThrownBy(() -> VerdictCodec.read("{\"v\":1,\"task_id\":\"b1/7\",\"verdict\":\"meh\"}".getBytes(UTF_8)))
                .isInstanceOf(RecordFormatException.class)
                .hasMessage("verdict: field \"verdict\" must be \"bad\" or \"good\", got \"meh\"");
        assertThatThrownBy(() -> VerdictCodec.read("{\"v\":1,\"task_id\":\"t7\",\"verdict\":\"bad\"}".getBytes(UTF_8)))
                .isInstanceOf(RecordFormatException.class)
                .hasMessage("verdict: field \"task_id\" must be \"<batch>/<id>\", got \"t7\"");
    }
}
