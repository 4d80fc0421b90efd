package io.captchafleet.producer.input;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.serde.StrictObject;

/**
 * The elements of one top-level JSON array, parsed one at a time with Jackson's streaming parser so
 * that only the current element is in memory.
 */
final class JsonArrayElements implements AutoCloseable {
    /** One element, or the problem that ended the array. */
    record Element(long line, long number, JsonNode node, String problem) {
    }

    private final JsonParser parser;
    private long number;
    private boolean started;
    private boolean done;

    JsonArrayElements(InputStream in) throws IOException {
        this.parser = Json.MAPPER.createParser(in);
    }

    /**
     * The next element, or null after the last one. An element that is not a JSON object comes back
     * with a problem saying it should be {@code expected}.
     */
    Element nextObject(String expected) throws IOException {
        Element e = next();
        if (e != null && e.problem() == null && !(e.node() instanceof ObjectNode)) {
            return new Element(e.line(), e.number(), null, "expected " + expected + ", got " + StrictObject.typeName(e.node()));
        }
        return e;
    }

    /** The next element, or null after the last one or after a problem that ends the array. */
    private Element next() throws IOException {
        if (done) {
            return null;
        }
        try {
            if (!started) {
                started = true;
                JsonToken first = parser.nextToken();
                if (first != JsonToken.START_ARRAY) {
                    done = true;
                    return new Element(line(), 0, null, "expected a JSON array of tasks, got "
                            + (first == null ? "an empty file" : describe(first)));
                }
            }
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_ARRAY || token == null) {
                done = true;
                return null;
            }
            long line = line();
            number++;
            JsonNode node = parser.readValueAsTree();
            return new Element(line, number, node, null);
        } catch (JsonProcessingException e) {
            done = true;
            long line = e.getLocation() == null ? line() : e.getLocation().getLineNr();
            return new Element(line, number, null, "not valid JSON (" + JsonProblems.describe(e) + "); the rest of the file was not read");
        }
    }

    private long line() {
        return parser.currentTokenLocation().getLineNr();
    }

    private static String describe(JsonToken token) {
        switch (token) {
            case START_OBJECT:
                return "an object (for one object per line use --format jsonl)";
            case VALUE_STRING:
                return "a string";
            default:
                return token.asString() == null ? token.name() : token.asString();
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
