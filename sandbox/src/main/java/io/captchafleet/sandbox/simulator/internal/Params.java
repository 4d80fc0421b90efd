package io.captchafleet.sandbox.simulator.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The parameters of a legacy request: the query string and an urlencoded form body, the first value of each name winning. */
final class Params {
    private final Map<String, String> values;

    private Params(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    static Params parse(String rawQuery, String formBody) {
        Map<String, String> values = new LinkedHashMap<>();
        addAll(values, rawQuery);
        addAll(values, formBody);
        return new Params(values);
    }

    private static void addAll(Map<String, String> values, String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            values.putIfAbsent(name, value);
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // A stray '%' that starts no escape: keep the text as sent, as lenient servers do.
            return s;
        }
    }

    /** The value, or null when absent. */
    String get(String name) {
        return values.get(name);
    }

    /** True when the parameter is {@code 1} (how both protocols spell a flag such as {@code json=1}). */
    boolean flag(String name) {
        return "1".equals(values.get(name));
    }

    /** Every parameter but these, sorted by name, as {@code a=1&b=2}: a stable description of a task. */
    String describeWithout(Set<String> ignored) {
        return new TreeMap<>(values).entrySet().stream()
                .filter(e -> !ignored.contains(e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
    }
}
