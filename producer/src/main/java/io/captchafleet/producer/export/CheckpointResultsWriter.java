package io.captchafleet.producer.export;

import java.io.IOException;
import java.io.Writer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.serde.Json;

/**
 * The seed script's checkpoint file: a JSON array of {@code {index, task_data, status, token, error,
 * attempts, solve_time}} indented like {@code json.dump(data, f, indent=2)}, so its users can load it
 * with the seed's {@code load_checkpoint()} unchanged. Written as a stream, one entry at a time.
 */
final class CheckpointResultsWriter extends ResultsWriter {
    private final JsonGenerator json;

    CheckpointResultsWriter(Writer out) throws IOException {
        super(out);
        DefaultIndenter twoSpaces = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(twoSpaces)
                .withArrayIndenter(twoSpaces);
        this.json = Json.MAPPER.getFactory().createGenerator(out).setPrettyPrinter(pretty);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        json.writeStartArray();
    }

    @Override
    public void write(Outcome o) throws IOException {
        json.writeStartObject();
        json.writeNumberField("index", o.index());
        json.writeFieldName("task_data");
        Json.MAPPER.writeTree(json, o.taskData() == null ? Json.object() : redactedTaskData(o));
        json.writeStringField("status", seedStatus(o.status()));
        json.writeStringField("token", o.token() == null ? "" : o.token());
        json.writeStringField("error", o.error() == null ? "" : o.error());
        json.writeNumberField("attempts", o.attempt());
        json.writeNumberField("solve_time", o.solveTime() == null ? 0.0 : o.solveTime());
        json.writeEndObject();
    }

    /** The seed's TaskStatus values: pending, solving, solved, failed, retrying. */
    static String seedStatus(OutcomeStatus s) {
        return s == OutcomeStatus.IN_FLIGHT ? "solving" : s.wire();
    }

    @Override
    public void finish() throws IOException {
        json.writeEndArray();
        json.flush();
        out.write('\n');
        super.finish();
    }
}
