package io.captchafleet.common.serde;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads the fields of one JSON object strictly: every required field must be there with the right
 * type, and every problem becomes a {@link RecordFormatException} whose message names the record kind
 * and the field, e.g. {@code task record: field "attempt" must be an integer, got "two"}. Unknown
 * fields are ignored, so new optional fields do not break older readers.
 */
public final class StrictObject {
    /** The version every record carries as {@code "v"}. */
    public static final int VERSION = 1;
    private static final int EXCERPT = 40;

    private final ObjectNode node;
    private final String what;

    private StrictObject(ObjectNode node, String what) {
        this.node = node;
        this.what = what;
    }

    /** Parses {@code bytes} as one JSON object and checks its {@code "v"}. */
    public static StrictObject parseVersioned(byte[] bytes, String what) {
        StrictObject o = of(Json.parse(bytes, what), what);
        o.checkVersion();
        return o;
    }

    public static StrictObject of(JsonNode node, String what) {
        if (!(node instanceof ObjectNode)) {
            throw new RecordFormatException(what + ": expected a JSON object, got " + typeName(node));
        }
        return new StrictObject((ObjectNode) node, what);
    }

    public ObjectNode node() {
        return node;
    }

    private void checkVersion() {
        int v = requiredInt("v", 1);
        if (v > VERSION) {
            throw new RecordFormatException(what + ": version " + v + " is newer than this reader understands ("
                    + VERSION + "); upgrade captcha-fleet to read it");
        }
    }

    public String requiredText(String field) {
        JsonNode v = required(field);
        if (!v.isTextual()) {
            throw wrongType(field, "a string", v);
        }
        if (v.asText().isEmpty()) {
            throw new RecordFormatException(what + ": field \"" + field + "\" must not be empty");
        }
        return v.asText();
    }

    /** The text of an optional field: null when absent or JSON null. */
    public String optionalText(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw wrongType(field, "a string", v);
        }
        return v.asText();
    }

    public int requiredInt(String field, int min) {
        JsonNode v = required(field);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw wrongType(field, "an integer", v);
        }
        return checkMin(field, v.intValue(), min);
    }

    public int optionalInt(String field, int min, int whenAbsent) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return whenAbsent;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw wrongType(field, "an integer", v);
        }
        return checkMin(field, v.intValue(), min);
    }

    public long requiredLong(String field, long min) {
        JsonNode v = required(field);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw wrongType(field, "an integer", v);
        }
        return checkMin(field, v.longValue(), min);
    }

    public long optionalLong(String field, long min, long whenAbsent) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return whenAbsent;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw wrongType(field, "an integer", v);
        }
        return checkMin(field, v.longValue(), min);
    }

    public Double optionalDouble(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw wrongType(field, "a number", v);
        }
        return v.doubleValue();
    }

    /** An optional amount of money, written as a decimal string such as {@code "12.50"}; never negative. */
    public BigDecimal optionalDecimal(String field) {
        String text = optionalText(field);
        if (text == null) {
            return null;
        }
        try {
            BigDecimal value = new BigDecimal(text);
            if (value.signum() < 0) {
                throw new RecordFormatException(what + ": field \"" + field + "\" must not be negative, got " + excerpt(node.get(field)));
            }
            return value;
        } catch (NumberFormatException e) {
            throw new RecordFormatException(what + ": field \"" + field + "\" must be a decimal amount like \"12.50\", got "
                    + excerpt(node.get(field)));
        }
    }

    /** An optional ISO-8601 instant such as {@code 2026-11-29T20:17:34.120Z}. */
    public Instant optionalInstant(String field) {
        String text = optionalText(field);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeException e) {
            throw new RecordFormatException(what + ": field \"" + field + "\" must be an ISO-8601 instant like "
                    + "2026-01-31T12:00:00Z, got " + excerpt(node.get(field)));
        }
    }

    public Instant requiredInstant(String field) {
        required(field);
        return optionalInstant(field);
    }

    public ObjectNode requiredObject(String field) {
        JsonNode v = required(field);
        if (!(v instanceof ObjectNode)) {
            throw wrongType(field, "a JSON object", v);
        }
        return (ObjectNode) v;
    }

    public ObjectNode optionalObject(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!(v instanceof ObjectNode)) {
            throw wrongType(field, "a JSON object", v);
        }
        return (ObjectNode) v;
    }

    /** A failure about {@code field} with this record's prefix, for checks the caller makes itself. */
    public RecordFormatException invalid(String field, String problem) {
        return new RecordFormatException(what + ": field \"" + field + "\" " + problem);
    }

    private JsonNode required(String field) {
        JsonNode v = node.get(field);
        if (v == null) {
            throw new RecordFormatException(what + ": missing field \"" + field + "\"");
        }
        return v;
    }

    private <N extends Number & Comparable<N>> N checkMin(String field, N value, N min) {
        if (value.compareTo(min) < 0) {
            throw new RecordFormatException(what + ": field \"" + field + "\" must be at least " + min + ", got " + value);
        }
        return value;
    }

    private RecordFormatException wrongType(String field, String expected, JsonNode got) {
        return new RecordFormatException(what + ": field \"" + field + "\" must be " + expected + ", got " + excerpt(got));
    }

    /** A short JSON excerpt of a value for error messages. */
    public static String excerpt(JsonNode value) {
        String text = value == null ? "nothing" : value.toString();
        return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "...";
    }

    /** What kind of JSON value {@code node} is, for messages: "an array", "a string", ... */
    public static String typeName(JsonNode node) {
        if (node == null) {
            return "nothing";
        }
        JsonNodeType t = node.getNodeType();
        switch (t) {
            case ARRAY:
                return "an array";
            case STRING:
                return "a string";
            case NUMBER:
                return "a number";
            case BOOLEAN:
                return "a boolean";
            case NULL:
                return "null";
            default:
                return t.name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
