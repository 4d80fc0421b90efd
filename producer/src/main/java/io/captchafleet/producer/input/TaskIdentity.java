package io.captchafleet.producer.input;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.model.TaskIds;
import io.captchafleet.common.serde.StrictObject;

/** The id part of a task id: the task's {@code id} field when it has one, else its number in the file. */
final class TaskIdentity {
    static final String FIELD = "id";

    private TaskIdentity() {
    }

    /**
     * An entry for {@code taskData}, with its id or the problem with its {@code id} field.
     *
     * @param fallback the id when the task has no {@code id} field: its line, or its element number
     */
    static InputTask task(long line, long number, long fallback, ObjectNode taskData) {
        List<String> problems = new ArrayList<>();
        String id = idOf(taskData, Long.toString(fallback), problems);
        return new InputTask(line, number, problems.isEmpty() ? id : null, taskData, null, problems);
    }

    static String idOf(ObjectNode taskData, String fallback, List<String> problems) {
        JsonNode v = taskData.get(FIELD);
        if (v == null || v.isNull()) {
            return fallback;
        }
        String id;
        if (v.isTextual()) {
            id = v.asText();
        } else if (v.isIntegralNumber()) {
            id = v.asText();
        } else {
            problems.add("\"" + FIELD + "\" must be a string or an integer, got " + StrictObject.excerpt(v));
            return null;
        }
        String problem = TaskIds.idProblem(id);
        if (problem != null) {
            problems.add("\"" + FIELD + "\" " + problem);
            return null;
        }
        return id;
    }
}
