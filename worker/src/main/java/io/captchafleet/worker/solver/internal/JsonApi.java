package io.captchafleet.worker.solver.internal;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.serde.Json;
import io.captchafleet.worker.solver.ApiKey;

/**
 * The {@code createTask}/{@code getTaskResult}/{@code getBalance} JSON protocol (Anti-Captcha,
 * CapSolver, CapMonster, 2captcha's API v2): POST JSON with {@code clientKey}. One id per poll: these
 * APIs have no multi-id call. Thread-safe.
 */
final class JsonApi implements SolverApi {
    /** Where each task type puts its answer; the whole solution's JSON when none of them is there. */
    private static final List<String> TOKEN_FIELDS = List.of("gRecaptchaResponse", "token", "text");

    private final HttpTransport http;
    private final ProviderText text;
    private final ApiKey key;
    private final URI baseUrl;
    private final LegacyApi.Timeouts timeouts;
    private final Optional<String> callbackUrl;

    /** @param callbackUrl sent as {@code callbackUrl} with every {@code createTask}, when callbacks are on */
    JsonApi(HttpTransport http, ApiKey key, URI baseUrl, LegacyApi.Timeouts timeouts, Optional<String> callbackUrl) {
        this.http = http;
        this.text = http.text();
        this.key = key;
        this.baseUrl = baseUrl;
        this.timeouts = timeouts;
        this.callbackUrl = callbackUrl;
    }

    @Override
    public CompletableFuture<Answer> submit(ObjectNode taskData) {
        ObjectNode body = Json.object();
        body.put("clientKey", key.reveal());
        body.set("task", JsonTasks.task(taskData));
        callbackUrl.ifPresent(url -> body.put("callbackUrl", url));
        return exchange("createTask", body, timeouts.submit(), json -> {
            String id = text.text(json, "taskId");
            if (id == null || id.isBlank()) {
                return null;
            }
            Answer atOnce = "ready".equals(text.text(json, "status")) ? taskResult(json) : null;
            return atOnce instanceof Answer.Ok
                    ? new Answer.Ok(id, ((Answer.Ok) atOnce).cost(), ((Answer.Ok) atOnce).value())
                    : Answer.Ok.of(id);
        });
    }

    @Override
    public CompletableFuture<PollReply> poll(List<String> ids) {
        if (ids.size() != 1) {
            throw new IllegalArgumentException("the JSON API polls one id per request, got " + ids.size());
        }
        ObjectNode body = Json.object();
        body.put("clientKey", key.reveal());
        putTaskId(body, ids.get(0));
        return exchange("getTaskResult", body, timeouts.poll(), this::taskResult).thenApply(a -> PollReply.of(List.of(a)));
    }

    @Override
    public int maxIdsPerPoll() {
        return 1;
    }

    @Override
    public CompletableFuture<Answer> balance() {
        ObjectNode body = Json.object();
        body.put("clientKey", key.reveal());
        return exchange("getBalance", body, timeouts.poll(), json -> {
            String balance = text.text(json, "balance");
            return balance == null ? null : Answer.Ok.of(balance);
        });
    }

    @Override
    public CompletableFuture<Answer> report(String solverId, String method) {
        ObjectNode body = Json.object();
        body.put("clientKey", key.reveal());
        putTaskId(body, solverId);
        return exchange(method, body, timeouts.poll(), json -> {
            String status = text.text(json, "status");
            return Answer.Ok.of(status == null || status.isBlank() ? "OK" : status);
        });
    }

    /** Numeric ids go back as numbers (Anti-Captcha's are integers), others as strings (CapSolver's UUIDs). */
    private static void putTaskId(ObjectNode body, String id) {
        if (id.matches("[0-9]{1,18}")) {
            body.put("taskId", Long.parseLong(id));
        } else {
            body.put("taskId", id);
        }
    }

    private Answer taskResult(ObjectNode json) {
        String status = text.text(json, "status");
        if ("processing".equals(status) || "idle".equals(status)) {
            return Answer.NotReady.INSTANCE;
        }
        JsonNode solution = json.get("solution");
        if (!"ready".equals(status) || solution == null || !solution.isObject()) {
            return null;
        }
        String token = null;
        for (String field : TOKEN_FIELDS) {
            token = text.text(solution, field);
            if (token != null) {
                break;
            }
        }
        return new Answer.Ok(token != null ? token : text.json(solution), text.text(json, "cost"), null);
    }

    /**
     * One call: an {@code errorId} > 0 is the API's error whatever the HTTP status; {@code read} turns a
     * success into an answer, or null when the body is not what the API sends.
     */
    private CompletableFuture<Answer> exchange(String method, ObjectNode body, Duration timeout, Function<ObjectNode, Answer> read) {
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve(method))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(body)))
                .build();
        return http.send(request).thenApply(response -> {
            if (response instanceof HttpTransport.Failed) {
                return ((HttpTransport.Failed) response).error();
            }
            HttpTransport.Received r = (HttpTransport.Received) response;
            ObjectNode json = ProviderText.object(r.body());
            JsonNode errorId = json == null ? null : json.get("errorId");
            if (errorId == null || !errorId.canConvertToInt()) {
                return http.notTheApi(r);
            }
            if (errorId.asInt() != 0) {
                return text.error(text.text(json, "errorCode"), text.text(json, "errorDescription"));
            }
            Answer answer = r.success() ? read.apply(json) : null;
            return answer != null ? answer : http.notTheApi(r);
        });
    }
}
