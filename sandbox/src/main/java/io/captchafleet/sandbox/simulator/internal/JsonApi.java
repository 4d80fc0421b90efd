package io.captchafleet.sandbox.simulator.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The JSON protocol of Anti-Captcha, CapSolver and 2captcha's v2 API: {@code POST /createTask},
 * {@code /getTaskResult} (with the task's {@code cost}), {@code /getBalance}, and Anti-Captcha's reports
 * ({@code /reportIncorrectRecaptcha}, {@code /reportIncorrectImageCaptcha}, {@code /reportIncorrectHcaptcha},
 * {@code /reportIncorrectTokenCaptcha}, {@code /reportCorrectRecaptcha}, counted per id), each with
 * {@code clientKey} in a JSON body. Success is
 * {@code errorId} 0; an error is {@code errorId} above 0 with {@code errorCode} and
 * {@code errorDescription}. Stateless; thread-safe.
 */
final class JsonApi {
    /** The code JSON providers answer for a task id they do not know (any more). */
    private static final String UNKNOWN_TASK = "ERROR_TASKID_INVALID";

    private final SolverCore core;
    private final PingbackSender pingbacks;

    JsonApi(SolverCore core, PingbackSender pingbacks) {
        this.core = core;
        this.pingbacks = pingbacks;
    }

    /** {@code /createTask}; a {@code callbackUrl} is called back when the answer is ready. */
    Reply createTask(Request request, FaultDraw faults) {
        JsonNode body = parse(request);
        SubmitOutcome outcome = core.submit(text(body, "clientKey"), taskOf(body.get("task")), faults);
        if (outcome instanceof SubmitOutcome.Accepted accepted) {
            String callbackUrl = text(body, "callbackUrl");
            if (callbackUrl != null && !callbackUrl.isBlank()) {
                pingbacks.schedule(accepted.submission(), callbackUrl, true);
            }
            Map<String, Object> answer = success();
            answer.put("taskId", accepted.submission().id());
            return Reply.json(answer);
        }
        return error(((SubmitOutcome.Refused) outcome).code());
    }

    private static SubmitRequest taskOf(JsonNode task) {
        if (task == null || !task.isObject()) {
            return SubmitRequest.invalid("ERROR_TASK_ABSENT");
        }
        String type = text(task, "type");
        if (TaskCheck.isBlank(type)) {
            return SubmitRequest.invalid("ERROR_TASK_NOT_SUPPORTED");
        }
        return TaskCheck.check(kindOf(type), text(task, "websiteURL"), text(task, "websiteKey"), text(task, "body"), task.toString());
    }

    /** Types by family, so that the Enterprise, proxied and M1 variants are recognised too. */
    private static TaskKind kindOf(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        if (t.startsWith("imagetotext")) {
            return TaskKind.IMAGE;
        }
        if (t.contains("recaptcha")) {
            return TaskKind.RECAPTCHA;
        }
        if (t.contains("hcaptcha")) {
            return TaskKind.HCAPTCHA;
        }
        if (t.contains("turnstile")) {
            return TaskKind.TURNSTILE;
        }
        return TaskKind.OTHER;
    }

    /** {@code /getTaskResult}. */
    Reply getTaskResult(Request request, FaultDraw faults) {
        core.countResultRequest();
        JsonNode body = parse(request);
        if (!core.keyAccepted(text(body, "clientKey"))) {
            return error(Refusal.WRONG_KEY.code());
        }
        PollAnswer a = core.poll(text(body, "taskId"));
        switch (a.state()) {
            case NOT_READY: {
                Map<String, Object> answer = success();
                answer.put("status", "processing");
                return Reply.json(answer);
            }
            case SOLVED:
                return solved(a.submission()).whenSent(List.of(a.onSent()));
            case UNSOLVABLE:
                return error("ERROR_CAPTCHA_UNSOLVABLE").whenSent(List.of(a.onSent()));
            case OVER_BUDGET:
                return error("ERROR: 1005");
            default:
                return error(UNKNOWN_TASK);
        }
    }

    private Reply solved(Submission s) {
        Map<String, Object> answer = success();
        answer.put("status", "ready");
        answer.put("solution", Map.of(s.kind().solutionField(), s.token()));
        answer.put("cost", core.money().price().toPlainString());
        answer.put("createTime", s.submittedAt() / 1000);
        answer.put("endTime", s.readyAt() / 1000);
        return Reply.json(answer);
    }

    /** {@code /getBalance}. */
    Reply getBalance(Request request, FaultDraw faults) {
        JsonNode body = parse(request);
        if (!core.keyAccepted(text(body, "clientKey"))) {
            return error(Refusal.WRONG_KEY.code());
        }
        Map<String, Object> answer = success();
        answer.put("balance", core.balanceUsd());
        return Reply.json(answer);
    }

    /** A report endpoint: {@code good} for {@code reportCorrect...}, else an incorrect-answer report. */
    Endpoint.Handler report(boolean good) {
        return (request, faults) -> {
            JsonNode body = parse(request);
            if (!core.keyAccepted(text(body, "clientKey"))) {
                return error(Refusal.WRONG_KEY.code());
            }
            if (core.report(text(body, "taskId"), good).isEmpty()) {
                return error(UNKNOWN_TASK);
            }
            Map<String, Object> answer = success();
            answer.put("status", "success");
            return Reply.json(answer);
        };
    }

    /** The body as JSON; anything else (empty, malformed) reads as an empty object, which then fails the key check. */
    private static JsonNode parse(Request request) {
        try {
            JsonNode node = Json.MAPPER.readTree(request.body());
            return node != null && node.isObject() ? node : Json.MAPPER.createObjectNode();
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode();
        }
    }

    /** A field as text: strings as they are, numbers (a numeric taskId) in decimal; null when absent. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    private static Map<String, Object> success() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("errorId", 0);
        return answer;
    }

    private static Reply error(String code) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("errorId", JsonErrors.idOf(code));
        answer.put("errorCode", code);
        answer.put("errorDescription", JsonErrors.describe(code));
        return Reply.json(answer);
    }
}
