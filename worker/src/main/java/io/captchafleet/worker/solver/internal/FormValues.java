package io.captchafleet.worker.solver.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.serde.Json;

/**
 * The legacy protocol's form parameters for a task: the task's own fields passed through, with
 * {@code sitekey} renamed to {@code googlekey} where the method wants it, and the task's bookkeeping
 * ({@code id}) and anything that would override our own {@code key} or {@code json} left out. Stateless.
 */
final class FormValues {
    /** Never sent from task data: {@code id} is ours, {@code key}/{@code json} are set by the client. */
    private static final Set<String> NOT_SENT = Set.of("id", "key", "json");
    /** Methods that name the site key {@code googlekey}. */
    private static final Set<String> GOOGLEKEY_METHODS = Set.of("userrecaptcha");

    private FormValues() {
    }

    /** The task's parameters in their order, values as the API wants them (booleans as 1/0). */
    static Map<String, String> taskParameters(ObjectNode taskData) {
        boolean googlekey = GOOGLEKEY_METHODS.contains(taskData.path("method").asText(""));
        Map<String, String> params = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = taskData.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String name = e.getKey();
            JsonNode value = e.getValue();
            if (NOT_SENT.contains(name) || value == null || value.isNull()) {
                continue;
            }
            if (googlekey && name.equals("sitekey")) {
                if (taskData.hasNonNull("googlekey")) {
                    continue; // an explicit googlekey wins over the canonical name
                }
                name = "googlekey";
            }
            params.put(name, render(value));
        }
        return params;
    }

    /** {@code a=1&b=2}, UTF-8 percent-encoded. */
    static String encode(Map<String, String> params) {
        StringJoiner joined = new StringJoiner("&");
        params.forEach((k, v) -> joined.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return joined.toString();
    }

    private static String render(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue() ? "1" : "0";
        }
        if (value.isValueNode()) {
            return value.asText();
        }
        return Json.write(value);
    }
}
