package io.captchafleet.worker.solver;

import java.util.Objects;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.model.TaskKind;

/**
 * One task to solve.
 *
 * @param taskId   {@code <batch>/<id>}, for logs and metrics only: it is never sent to the provider
 * @param taskData the user's task object ({@code method}, {@code sitekey}, {@code pageurl}, ... or a JSON-API
 *                 {@code type}); read-only
 * @param kind     decides the first-poll delay
 */
public record SolveRequest(String taskId, ObjectNode taskData, TaskKind kind) {
    public SolveRequest {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(taskData, "taskData");
        Objects.requireNonNull(kind, "kind");
    }

    public static SolveRequest of(String taskId, ObjectNode taskData) {
        return new SolveRequest(taskId, taskData, TaskKind.of(taskData));
    }
}
