package io.captchafleet.producer.input;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.captchafleet.common.serde.Json;

/**
 * CSV with a header row naming the task fields ({@code method,sitekey,pageurl,...}); every value is
 * text and empty cells are left out. A task without an {@code id} column gets its line number.
 */
final class CsvTaskReader implements TaskReader {
    private static final CsvMapper CSV = new CsvMapper();
    private final JsonParser parser;
    private long number;
    private boolean done;

    CsvTaskReader(InputStream in) throws IOException {
        this.parser = CSV.readerFor(ObjectNode.class)
                .with(CsvSchema.emptySchema().withHeader())
                .with(CsvParser.Feature.TRIM_SPACES)
                .createParser(in);
    }

    @Override
    public InputTask next() throws IOException {
        if (done) {
            return null;
        }
        long line = 0;
        try {
            JsonToken token = parser.nextToken();
            if (token == null) {
                done = true;
                return null;
            }
            number++;
            ObjectNode task = Json.object();
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                if (line == 0) {
                    // The row's own START_OBJECT still carries the previous row's line.
                    line = parser.currentTokenLocation().getLineNr();
                }
                String field = parser.currentName();
                parser.nextToken();
                String value = parser.getValueAsString();
                if (value != null && !value.isEmpty()) {
                    task.put(field, value);
                }
            }
            return TaskIdentity.task(line, number, line, task);
        } catch (JsonProcessingException e) {
            // A row the parser cannot take (e.g. more cells than the header) ends the file: its
            // position is no longer trustworthy.
            done = true;
            long at = e.getLocation() == null ? line : e.getLocation().getLineNr();
            return InputTask.unreadable(at, Math.max(number, 1), "not valid CSV (" + JsonProblems.describe(e) + "); the rest of the file was not read");
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
