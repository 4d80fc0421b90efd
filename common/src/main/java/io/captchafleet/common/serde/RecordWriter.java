package io.captchafleet.common.serde;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds a record's JSON object, starting with {@code "v": 1} and leaving out absent values. */
final class RecordWriter {
    private final ObjectNode node = Json.object();

    RecordWriter() {
        node.put("v", StrictObject.VERSION);
    }

    RecordWriter put(String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
        return this;
    }

    RecordWriter put(String field, long value) {
        node.put(field, value);
        return this;
    }

    /** A count or number that is left out when it is 0 or less (absent means "none"). */
    RecordWriter putPositive(String field, long value) {
        if (value > 0) {
            node.put(field, value);
        }
        return this;
    }

    RecordWriter put(String field, Double value) {
        if (value != null) {
            node.put(field, value);
        }
        return this;
    }

    /** An amount of money as a decimal string, so no reader rounds it through a double. */
    RecordWriter put(String field, BigDecimal value) {
        if (value != null) {
            node.put(field, value.toPlainString());
        }
        return this;
    }

    RecordWriter put(String field, Instant value) {
        if (value != null) {
            node.put(field, value.toString());
        }
        return this;
    }

    RecordWriter put(String field, JsonNode value) {
        if (value != null) {
            node.set(field, value);
        }
        return this;
    }

    ObjectNode node() {
        return node;
    }

    byte[] bytes() {
        return Json.writeBytes(node);
    }
}
