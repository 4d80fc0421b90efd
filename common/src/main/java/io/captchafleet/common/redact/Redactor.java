package io.captchafleet.common.redact;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Removes secrets from task data before it is logged or written to the results topic, at any depth
 * (nested objects and arrays):
 *
 * <ul>
 *   <li>proxy credentials as separate fields ({@code proxyLogin}, {@code proxyPassword}, in any case,
 *       with {@code _} or {@code -}), and the {@code login}/{@code user}/{@code username}/{@code password}
 *       of an object under a proxy field;</li>
 *   <li>proxy credentials inside a proxy string ({@code proxy}, {@code proxyAddress}, {@code proxyUrl}, and
 *       every string under them), in each form the providers document: see {@link #redactProxy};</li>
 *   <li>cookies in every form the providers take ({@code cookies} as {@code a=1; b=2}, as 2captcha's
 *       {@code KEY:value;}, or as CapSolver's array of name/value objects; a {@code Cookie} header), and
 *       any API key, password or authorization a user put into a task by mistake.</li>
 * </ul>
 *
 * A secret field's whole value becomes {@value #REDACTED}. The proxy's scheme, host and port stay, so an
 * operator can still tell which proxy a failed task used; {@code proxyType}, {@code proxyPort} and
 * {@code userAgent} are no secrets and stay as given. Stateless and thread-safe.
 */
public final class Redactor {
    public static final String REDACTED = "[redacted]";

    private enum Kind { SECRET, PROXY, OTHER }

    private Redactor() {
    }

    /**
     * A copy of {@code taskData} without secrets; the same object when there is nothing to hide. It runs
     * for every outcome: finding nothing allocates only for field names with capitals, '_' or '-', and a
     * proxy string is parsed only when it has an '@' or more than one ':'.
     */
    public static ObjectNode redact(ObjectNode taskData) {
        if (taskData == null || !hasSecret(taskData, false)) {
            return taskData;
        }
        ObjectNode copy = taskData.deepCopy();
        redactInPlace(copy, false);
        return copy;
    }

    /**
     * A proxy string without its credentials: {@code [redacted]@1.2.3.4:3128},
     * {@code socks5://[redacted]@1.2.3.4:1080}, {@code 1.2.3.4:3128:[redacted]},
     * {@code http:1.2.3.4:3128:[redacted]}; the same instance when it has none ({@code 1.2.3.4:3128}).
     */
    public static String redactProxy(String proxy) {
        return ProxyAddress.redact(proxy);
    }

    private static boolean hasSecret(JsonNode node, boolean inProxy) {
        if (node instanceof ObjectNode) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode value = e.getValue();
                Kind kind = kind(e.getKey(), inProxy);
                if (kind == Kind.SECRET ? !value.isNull() : hasSecretValue(value, inProxy || kind == Kind.PROXY)) {
                    return true;
                }
            }
        } else if (node instanceof ArrayNode) {
            for (JsonNode child : node) {
                if (hasSecretValue(child, inProxy)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasSecretValue(JsonNode value, boolean inProxy) {
        if (value.isTextual()) {
            return inProxy && ProxyAddress.redact(value.textValue()) != value.textValue();
        }
        return value.isContainerNode() && hasSecret(value, inProxy);
    }

    private static void redactInPlace(JsonNode node, boolean inProxy) {
        if (node instanceof ObjectNode) {
            ObjectNode object = (ObjectNode) node;
            Iterator<Map.Entry<String, JsonNode>> it = object.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                Kind kind = kind(e.getKey(), inProxy);
                if (kind == Kind.SECRET) {
                    if (!e.getValue().isNull()) {
                        e.setValue(object.textNode(REDACTED));
                    }
                } else {
                    e.setValue(redactedValue(object, e.getValue(), inProxy || kind == Kind.PROXY));
                }
            }
        } else if (node instanceof ArrayNode) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, redactedValue(array, array.get(i), inProxy));
            }
        }
    }

    private static JsonNode redactedValue(ContainerNode<?> parent, JsonNode value, boolean inProxy) {
        if (value.isTextual()) {
            String text = value.textValue();
            String redacted = inProxy ? ProxyAddress.redact(text) : text;
            return redacted == text ? value : parent.textNode(redacted);
        }
        redactInPlace(value, inProxy);
        return value;
    }

    /** Field names compare lowercase with '_' and '-' removed: {@code proxy_password}, {@code Proxy-Password}. */
    private static Kind kind(String field, boolean inProxy) {
        switch (normalise(field)) {
            case "proxylogin":
            case "proxyuser":
            case "proxyusername":
            case "proxypassword":
            case "proxypass":
            case "proxyauthorization":
            case "cookies":
            case "cookie":
            case "setcookie":
            case "key":
            case "clientkey":
            case "apikey":
            case "authorization":
            case "password":
                return Kind.SECRET;
            case "proxy":
            case "proxies":
            case "proxyaddress":
            case "proxyurl":
                return Kind.PROXY;
            case "login":
            case "user":
            case "username":
            case "pass":
                return inProxy ? Kind.SECRET : Kind.OTHER;
            default:
                return Kind.OTHER;
        }
    }

    /** The name itself when it is already lowercase without '_' or '-' (most are): no allocation then. */
    private static String normalise(String field) {
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c >= 'A' && c <= 'Z' || c == '_' || c == '-' || c > 0x7f) {
                return slowNormalise(field);
            }
        }
        return field;
    }

    private static String slowNormalise(String field) {
        StringBuilder sb = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '_' && c != '-') {
                sb.append(Character.toLowerCase(c));
            }
        }
        return sb.toString();
    }
}
