package io.captchafleet.common.serde;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one Jackson {@link ObjectMapper} of captcha-fleet, configured strictly (duplicate keys are an
 * error). ObjectMapper is thread-safe once configured.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Json() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Compact JSON text of a node. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree always serializes
        }
    }

    public static byte[] writeBytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses JSON text, turning Jackson's errors into a {@link RecordFormatException} that starts with
     * {@code what} and says where the text broke.
     */
    public static JsonNode parse(byte[] bytes, String what) {
        if (bytes == null || bytes.length == 0) {
            throw new RecordFormatException(what + ": empty, expected a JSON object");
        }
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new RecordFormatException(what + ": empty, expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new RecordFormatException(what + ": not valid JSON (" + describe(e) + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Jackson's message without its source excerpt, plus line and column. */
    public static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            return message + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        }
        return message;
    }
}
