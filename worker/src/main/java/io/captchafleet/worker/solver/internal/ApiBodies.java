package io.captchafleet.worker.solver.internal;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.serde.Json;

/** Reading answer bodies leniently: anything that is not a JSON object is "not the API's answer". Stateless. */
final class ApiBodies {
    private ApiBodies() {
    }

    /** The body as a JSON object, or null when it is empty, HTML, truncated or not an object. */
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

    /** A field as text: strings as they are, numbers and other values as their JSON text; null when absent. */
    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        return v.isValueNode() ? v.asText() : Json.write(v);
    }
}
