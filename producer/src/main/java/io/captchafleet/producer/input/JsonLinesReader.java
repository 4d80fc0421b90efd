package io.captchafleet.producer.input;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.serde.StrictObject;

/** JSON Lines: one task object per line; blank lines are skipped but still counted as lines. */
final class JsonLinesReader implements TaskReader {
    private final BufferedReader lines;
    private long line;
    private long number;

    JsonLinesReader(InputStream in) {
        this.lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    @Override
    public InputTask next() throws IOException {
        String text;
        do {
            text = lines.readLine();
            if (text == null) {
                return null;
            }
            line++;
            if (line == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
        } while (text.isBlank());
        number++;
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return InputTask.unreadable(line, number, "not valid JSON (" + JsonProblems.describe(e) + ")");
        }
        if (!(node instanceof ObjectNode)) {
            return InputTask.unreadable(line, number, "expected a JSON object, got " + StrictObject.typeName(node));
        }
        return TaskIdentity.task(line, number, line, (ObjectNode) node);
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
