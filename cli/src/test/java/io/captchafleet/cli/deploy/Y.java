package io.captchafleet.cli.deploy;

import java.util.List;
import java.util.Map;

/**
 * Reads parsed YAML (maps, lists, scalars) by dotted path, {@code spec.template.spec.containers},
 * failing with the path and the document's name when something is missing or of the wrong shape.
 */
final class Y {
    private Y() {
    }

    /** The value at a dotted path, or null when any step is missing. */
    static Object find(Object node, String path) {
        Object current = node;
        for (String key : path.split("\\.")) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<?, ?>) current).get(key);
        }
        return current;
    }

    static Object get(Object node, String path, String where) {
        Object value = find(node, path);
        if (value == null) {
            throw new AssertionError(where + ": " + path + " is missing");
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String path, String where) {
        Object value = get(node, path, where);
        if (!(value instanceof Map)) {
            throw new AssertionError(where + ": " + path + " must be a mapping, is " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> mapOrEmpty(Object node, String path, String where) {
        return find(node, path) == null ? Map.of() : map(node, path, where);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, String path, String where) {
        Object value = get(node, path, where);
        if (!(value instanceof List)) {
            throw new AssertionError(where + ": " + path + " must be a list, is " + value);
        }
        return (List<Object>) value;
    }

    static List<Object> listOrEmpty(Object node, String path, String where) {
        return find(node, path) == null ? List.of() : list(node, path, where);
    }

    /** A scalar as text (YAML numbers and booleans too, as written). */
    static String string(Object node, String path, String where) {
        Object value = get(node, path, where);
        if (value instanceof Map || value instanceof List) {
            throw new AssertionError(where + ": " + path + " must be a scalar, is " + value);
        }
        return String.valueOf(value);
    }

    static String stringOrNull(Object node, String path) {
        Object value = find(node, path);
        return value == null ? null : String.valueOf(value);
    }

    static long number(Object node, String path, String where) {
        String text = string(node, path, where);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new AssertionError(where + ": " + path + " must be a whole number, is " + text);
        }
    }
}
