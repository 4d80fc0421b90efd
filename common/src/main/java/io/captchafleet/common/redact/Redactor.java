package io.captchafleet.common.redact;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Removes secrets from task data before it is logged or written to the results topic: proxy
 * credentials (separate login/password fields, or {@code user:pass@} inside a proxy address), cookies,
 * and any key a user put into a task by mistake. The proxy's host and port stay, so an operator can
 * still tell which proxy a failed task used. Stateless and thread-safe.
 */
public final class Redactor {
    public static final String REDACTED = "[redacted]";

    /** Field names compared lowercase with '_' and '-' removed. */
    private static final Set<String> SECRET_FIELDS = Set.of(
            "proxylogin", "proxyuser", "proxyusername", "proxypassword", "proxypass",
            "cookies", "cookie", "key", "clientkey", "apikey", "authorization");
    private static final Set<String> PROXY_FIELDS = Set.of("proxy", "proxyaddress", "proxyurl");
    /** {@code scheme://user:pass@host:port} or {@code user:pass@host:port}: everything before the last '@'. */
    private static final Pattern PROXY_CREDENTIALS = Pattern.compile("^((?:[a-zA-Z][a-zA-Z0-9+.-]*://)?)(.+)@([^@]*)$");

    private Redactor() {
    }

    /** A copy of {@code taskData} without secrets; the same object when there is nothing to hide. */
    public static ObjectNode redact(ObjectNode taskData) {
        if (taskData == null || !containsSecret(taskData)) {
            return taskData;
        }
        ObjectNode copy = taskData.deepCopy();
        redactInPlace(copy);
        return copy;
    }

    /** A proxy address with its credentials replaced: {@code [redacted]@1.2.3.4:3128}. */
    public static String redactProxy(String proxy) {
        Matcher m = PROXY_CREDENTIALS.matcher(proxy);
        return m.matches() ? m.group(1) + REDACTED + "@" + m.group(3) : proxy;
    }

    private static boolean containsSecret(JsonNode node) {
        if (node instanceof ObjectNode) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = normalise(e.getKey());
                if (SECRET_FIELDS.contains(name) && !e.getValue().isNull()) {
                    return true;
                }
                if (PROXY_FIELDS.contains(name) && e.getValue().isTextual()
                        && !redactProxy(e.getValue().asText()).equals(e.getValue().asText())) {
                    return true;
                }
                if (containsSecret(e.getValue())) {
                    return true;
                }
            }
        } else if (node instanceof ArrayNode) {
            for (JsonNode child : node) {
                if (containsSecret(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void redactInPlace(JsonNode node) {
        if (node instanceof ObjectNode) {
            ObjectNode object = (ObjectNode) node;
            Iterator<Map.Entry<String, JsonNode>> it = object.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = normalise(e.getKey());
                if (SECRET_FIELDS.contains(name) && !e.getValue().isNull()) {
                    e.setValue(object.textNode(REDACTED));
                } else if (PROXY_FIELDS.contains(name) && e.getValue().isTextual()) {
                    e.setValue(object.textNode(redactProxy(e.getValue().asText())));
                } else {
                    redactInPlace(e.getValue());
                }
            }
        } else if (node instanceof ArrayNode) {
            node.forEach(Redactor::redactInPlace);
        }
    }

    private static String normalise(String field) {
        return field.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }
}
