package io.captchafleet.worker.pingback;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.captchafleet.common.serde.Json;

/**
 * What a provider's callback says, in whichever of the three ways it came: 2captcha's form POST of
 * {@code id} and {@code code}, a JSON body ({@code id} or {@code taskId}; {@code code}, {@code token} or a
 * {@code solution} object), or CaptchaAI's GET with both in the query. Immutable.
 *
 * @param id   the solver's task id, or null when the callback names none
 * @param code the token or error code, or null
 */
record CallbackForm(String id, String code) {
    /** Where each JSON solution puts its answer (as the JSON protocol client reads them). */
    private static final List<String> SOLUTION_FIELDS = List.of("gRecaptchaResponse", "token", "text");
    private static final int MAX_ID = 100;

    /** Reads the query string and the body (form or JSON); the first value of each name wins. */
    static CallbackForm parse(String rawQuery, String contentType, byte[] body) {
        Map<String, String> fields = new HashMap<>();
        addForm(fields, rawQuery);
        String text = new String(body, StandardCharsets.UTF_8).strip();
        boolean json = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("json") || text.startsWith("{");
        String code = null;
        if (json && !text.isEmpty()) {
            JsonNode node = readJson(text);
            if (node != null && node.isObject()) {
                putText(fields, "id", node.get("id"));
                putText(fields, "id", node.get("taskId"));
                putText(fields, "code", node.get("code"));
                putText(fields, "code", node.get("token"));
                code = solution(node.get("solution"));
            }
        } else {
            addForm(fields, text);
        }
        String id = fields.get("id");
        return new CallbackForm(id == null || id.isBlank() || id.length() > MAX_ID ? null : id.strip(),
                fields.getOrDefault("code", code));
    }

    private static JsonNode readJson(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static String solution(JsonNode solution) {
        if (solution == null || !solution.isObject()) {
            return null;
        }
        for (String field : SOLUTION_FIELDS) {
            JsonNode v = solution.get(field);
            if (v != null && v.isValueNode()) {
                return v.asText();
            }
        }
        return Json.write(solution);
    }

    private static void putText(Map<String, String> fields, String name, JsonNode v) {
        if (v != null && v.isValueNode() && !v.isNull()) {
            fields.putIfAbsent(name, v.asText());
        }
    }

    private static void addForm(Map<String, String> fields, String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.putIfAbsent(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
