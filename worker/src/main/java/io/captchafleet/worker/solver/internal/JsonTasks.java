package io.captchafleet.worker.solver.internal;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.serde.Json;

/**
 * Maps a task object (legacy-style {@code method}/{@code sitekey}/{@code pageurl}, or an explicit JSON-API
 * {@code type}) to the {@code task} of a {@code createTask} request. Stateless.
 */
final class JsonTasks {
    /** The task's own bookkeeping and anything that would carry a key: never sent. */
    private static final Set<String> NOT_SENT = Set.of("id", "clientKey", "key");

    private JsonTasks() {
    }

    /** @throws UnsupportedTaskException when the task has no {@code type} and its method has no mapping */
    static ObjectNode task(ObjectNode taskData) {
        if (taskData.hasNonNull("type")) {
            ObjectNode task = taskData.deepCopy();
            task.remove(NOT_SENT);
            return task;
        }
        String method = taskData.path("method").asText("");
        ObjectNode task = Json.object();
        switch (method) {
            case "userrecaptcha":
                if ("v3".equals(taskData.path("version").asText(""))) {
                    task.put("type", "RecaptchaV3TaskProxyless");
                    site(taskData, task);
                    copyNumber(taskData, "min_score", task, "minScore");
                    copyText(taskData, "action", task, "pageAction");
                } else {
                    boolean enterprise = flag(taskData.get("enterprise"));
                    task.put("type", enterprise ? "RecaptchaV2EnterpriseTaskProxyless" : "RecaptchaV2TaskProxyless");
                    site(taskData, task);
                    task.put("isInvisible", flag(taskData.get("invisible")));
                }
                return task;
            case "hcaptcha":
                task.put("type", "HCaptchaTaskProxyless");
                site(taskData, task);
                return task;
            case "turnstile":
                task.put("type", "TurnstileTaskProxyless");
                site(taskData, task);
                copyText(taskData, "action", task, "action");
                copyText(taskData, "data", task, "data");
                copyText(taskData, "pagedata", task, "pagedata");
                return task;
            case "base64":
                task.put("type", "ImageToTextTask");
                copyText(taskData, "body", task, "body");
                return task;
            default:
                throw new UnsupportedTaskException("method \"" + method + "\" has no JSON-API task type: give the task a \"type\"");
        }
    }

    private static void site(ObjectNode from, ObjectNode task) {
        copyText(from, "pageurl", task, "websiteURL");
        copyText(from, from.hasNonNull("sitekey") ? "sitekey" : "googlekey", task, "websiteKey");
    }

    private static void copyText(ObjectNode from, String field, ObjectNode to, String as) {
        JsonNode v = from.get(field);
        if (v != null && !v.isNull()) {
            to.put(as, v.asText());
        }
    }

    private static void copyNumber(ObjectNode from, String field, ObjectNode to, String as) {
        JsonNode v = from.get(field);
        if (v == null || v.isNull()) {
            return;
        }
        if (v.isNumber()) {
            to.set(as, v);
        } else {
            try {
                to.put(as, Double.parseDouble(v.asText()));
            } catch (NumberFormatException e) {
                to.put(as, v.asText()); // let the provider name the bad value
            }
        }
    }

    /** 1, "1", true and "true" mean yes, as the legacy API reads them. */
    private static boolean flag(JsonNode v) {
        if (v == null || v.isNull()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        String t = v.asText("").strip();
        return t.equals("1") || t.equalsIgnoreCase("true");
    }
}
