package io.captchafleet.sandbox.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The tests' own plain HTTP client for the simulator: raw requests, raw answers. Deliberately not the
 * worker's client, which the simulator exists to test.
 */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "0123456789abcdef0123456789abcdef";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    ApiClient(SolverSimulator simulator) {
        this.base = simulator.baseUrl();
    }

    /** GET with these query parameters, given as name, value, name, value... */
    HttpResponse<String> get(String path, String... nameValues) {
        return send(HttpRequest.newBuilder(base.resolve(path + "?" + form(nameValues))).GET());
    }

    /** POST an urlencoded form. */
    HttpResponse<String> postForm(String path, String... nameValues) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(nameValues))));
    }

    /** POST a JSON body. */
    HttpResponse<String> postJson(String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(base.resolve(path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends and reads the answer as text; an {@link IOException} (a dropped connection) comes out unchecked. */
    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpClient http() {
        return http;
    }

    URI base() {
        return base;
    }

    /** A reCAPTCHA v2 submit on the legacy protocol. */
    HttpResponse<String> submitRecaptcha(String pageUrl, boolean json) {
        return get("in.php", "key", KEY, "method", "userrecaptcha", "googlekey", "6Le-site-key", "pageurl", pageUrl, "json", json ? "1" : "0");
    }

    /** The solver id of a successful {@code json=1} submit. */
    String submitRecaptchaId(String pageUrl) {
        JsonNode answer = json(submitRecaptcha(pageUrl, true));
        if (answer.path("status").asInt() != 1) {
            throw new AssertionError("submit refused: " + answer);
        }
        return answer.path("request").asText();
    }

    /** {@code res.php?action=get&id=...&json=1}. */
    JsonNode poll(String id) {
        return json(get("res.php", "key", KEY, "action", "get", "id", id, "json", "1"));
    }

    /** A createTask body for this task. */
    static Map<String, Object> createTask(Map<String, Object> task) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clientKey", KEY);
        body.put("task", task);
        return body;
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** {@code GET /stats}, read back into the record. */
    SimulatorStats statsOverHttp() {
        try {
            return JSON.readValue(get("stats").body(), SimulatorStats.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String form(String... nameValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            params.put(nameValues[i], nameValues[i + 1]);
        }
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
