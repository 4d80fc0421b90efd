package io.captchafleet.worker.solver.internal;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.serde.Json;
import io.captchafleet.worker.solver.ApiKey;

/**
 * The one door provider text comes in by. Both protocols read every string of an answer through it (a
 * solver id, a token, a cost, an error code, an error description, an excerpt of a body that is not the
 * API's), and it comes out with the API key masked: a provider that echoes the key in an error code, a
 * description or a garbage body cannot carry it into a {@code SolveResult}, a classification's code, a
 * log line, an outcome's {@code error}, a FATAL event or an exception message, and nothing downstream
 * scrubs again. Bodies are read leniently: anything that is not a JSON object is "not the API's answer".
 * Immutable and thread-safe.
 */
final class ProviderText {
    /** How much of a body or an error text a detail quotes. */
    private static final int EXCERPT = 120;

    private final ApiKey key;

    ProviderText(ApiKey key) {
        this.key = key;
    }

    /**
     * The body as a JSON object, or null when it is empty, HTML, truncated or not an object. Read its
     * strings with {@link #text} or {@link #json}, never directly.
     */
    static ObjectNode object(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            return node instanceof ObjectNode ? (ObjectNode) node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** A field as text (strings as they are, numbers and other values as their JSON text), or null when absent. */
    String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        return v.isValueNode() ? key.scrub(v.asText()) : json(v);
    }

    /** A JSON value as compact JSON text. */
    String json(JsonNode node) {
        return key.scrub(Json.write(node));
    }

    /** A body that is plain text, without surrounding white space; "" for none. */
    String plain(String body) {
        return body == null ? "" : key.scrub(body).strip();
    }

    /** A short, single-line excerpt of a body in quotes for logs and failure details, or {@code (empty)}. */
    String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "(empty)";
        }
        String line = oneLine(body);
        return line.length() <= EXCERPT ? '"' + line + '"' : '"' + line.substring(0, EXCERPT) + "\"...";
    }

    /**
     * An error the API answered, from its code and description as the provider wrote them: the answer's
     * code is the masked text (the classifier takes the leading code from it, or {@code UNKNOWN_ERROR}),
     * and its detail quotes both, shortened to one line.
     */
    Answer.ApiError error(String code, String description) {
        String said = code == null || code.isBlank() ? "no error code" : shortened(code);
        String why = description == null || description.isBlank() ? "" : " (" + shortened(description) + ")";
        return new Answer.ApiError(code == null ? "" : key.scrub(code), "the API answered " + said + why);
    }

    private String shortened(String text) {
        String line = oneLine(text);
        return line.length() <= EXCERPT ? line : line.substring(0, EXCERPT) + "...";
    }

    /** Masked before it is cut: a cut through the key would leave a part of it that no longer matches. */
    private String oneLine(String text) {
        return key.scrub(text).replaceAll("\\s+", " ").strip();
    }
}
