package io.captchafleet.producer.input;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.serde.StrictObject;

/**
 * The seed script's checkpoint file: a JSON array of {@code {index, task_data, status, token, error,
 * attempts, solve_time}}. The task id is the seed's {@code index}, so a batch moved from the seed keeps
 * the numbering its users know.
 */
final class CheckpointReader implements TaskReader {
    static final Set<String> STATUSES = Set.of("pending", "solving", "solved", "failed", "retrying");
    private final JsonArrayElements elements;

    CheckpointReader(InputStream in) throws IOException {
        this.elements = new JsonArrayElements(in);
    }

    @Override
    public InputTask next() throws IOException {
        JsonArrayElements.Element e = elements.nextObject("a checkpoint entry (a JSON object)");
        if (e == null || e.problem() != null) {
            return e == null ? null : InputTask.unreadable(e.line(), e.number(), e.problem());
        }
        ObjectNode entry = (ObjectNode) e.node();
        List<String> problems = new ArrayList<>();
        JsonNode index = entry.get("index");
        if (index == null || index.isNull()) {
            problems.add("\"index\" is missing (a checkpoint entry has index, task_data and status)");
        } else if (!index.isIntegralNumber() || !index.canConvertToLong() || index.longValue() < 0) {
            problems.add("\"index\" must be a whole number of at least 0, got " + StrictObject.excerpt(index));
        }
        JsonNode data = entry.get("task_data");
        if (!(data instanceof ObjectNode)) {
            problems.add("\"task_data\" must be a JSON object, got " + StrictObject.excerpt(data));
        }
        String status = text(entry, "status");
        if (status == null || !STATUSES.contains(status)) {
            problems.add("\"status\" must be one of pending, solving, solved, failed, retrying, got "
                    + StrictObject.excerpt(entry.get("status")));
        }
        String token = text(entry, "token");
        if (CheckpointEntry.SOLVED.equals(status) && (token == null || token.isEmpty())) {
            problems.add("\"token\" must not be empty in a solved entry");
        }
        int attempts = wholeNumber(entry, "attempts", problems);
        double solveTime = seconds(entry, "solve_time", problems);
        if (!problems.isEmpty()) {
            return new InputTask(e.line(), e.number(), null, data instanceof ObjectNode ? (ObjectNode) data : null, null, problems);
        }
        CheckpointEntry result = new CheckpointEntry(status, token, text(entry, "error"), attempts, solveTime);
        return new InputTask(e.line(), e.number(), index.asText(), (ObjectNode) data, result, List.of());
    }

    private static String text(ObjectNode entry, String field) {
        JsonNode v = entry.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static int wholeNumber(ObjectNode entry, String field, List<String> problems) {
        JsonNode v = entry.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0) {
            problems.add("\"" + field + "\" must be a whole number of at least 0, got " + StrictObject.excerpt(v));
            return 0;
        }
        return v.intValue();
    }

    private static double seconds(ObjectNode entry, String field, List<String> problems) {
        JsonNode v = entry.get(field);
        if (v == null || v.isNull()) {
            return 0.0;
        }
        if (!v.isNumber() || v.doubleValue() < 0) {
            problems.add("\"" + field + "\" must be a number of seconds of at least 0, got " + StrictObject.excerpt(v));
            return 0.0;
        }
        return v.doubleValue();
    }

    @Override
    public void close() throws IOException {
        elements.close();
    }
}
