package io.captchafleet.cli.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.captchafleet.common.serde.Json;

/**
 * One task solved the way the seed's Python script does it ({@code solve_task}, reference copy in the
 * project's shared folder), over the legacy protocol: up to three attempts; each submits, then polls every
 * 5 s (up to 60 polls); a retryable submit error ({@code ERROR_NO_SLOT_AVAILABLE}, {@code
 * ERROR_TOO_MUCH_REQUESTS}) or any request failure (network, HTTP 5xx, a body that is not JSON) sleeps
 * {@code 5 × attempt} s and starts over with a new submit; {@code ERROR_CAPTCHA_UNSOLVABLE} starts over at
 * once; any other error fails the task. Blocking: one task per calling thread. Thread-safe (the HTTP
 * client is).
 */
final class NaiveClient {
    /** How the task ended. */
    enum Ending { SOLVED, FAILED }

    private static final int MAX_RETRIES = 3;
    private static final int POLLS_PER_ATTEMPT = 60;
    private static final Duration POLL_EVERY = Duration.ofSeconds(5);
    private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(15);
    private static final Set<String> RETRYABLE = Set.of("ERROR_NO_SLOT_AVAILABLE", "ERROR_TOO_MUCH_REQUESTS", "CAPCHA_NOT_READY");
    private static final Set<String> FATAL = Set.of("ERROR_WRONG_USER_KEY", "ERROR_KEY_DOES_NOT_EXIST", "ERROR_ZERO_BALANCE",
            "ERROR_IP_NOT_ALLOWED");

    /** What the script's {@code except requests.RequestException} catches: a failed request or a body that is not JSON. */
    private static final class RequestFailed extends Exception {
        RequestFailed(String message) {
            super(message, null, false, false);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String key;

    NaiveClient(URI base, String key) {
        this.base = base;
        this.key = key;
    }

    /** Solves one reCAPTCHA v2 task as the script does; returns how it ended. */
    Ending solve(String siteKey, String pageUrl) throws InterruptedException {
        for (int attempt = 1; attempt <= MAX_RETRIES; attempt++) {
            try {
                JsonNode submitted = call(HttpRequest.newBuilder(base.resolve("in.php")).timeout(SUBMIT_TIMEOUT)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form("key", key, "method", "userrecaptcha", "json", "1",
                                "googlekey", siteKey, "pageurl", pageUrl))).build());
                if (submitted.path("status").asInt() != 1) {
                    String error = submitted.path("request").asText("unknown");
                    if (FATAL.contains(error)) {
                        return Ending.FAILED;
                    }
                    if (RETRYABLE.contains(error) && attempt < MAX_RETRIES) {
                        Thread.sleep(5_000L * attempt);
                        continue;
                    }
                    return Ending.FAILED;
                }
                String id = submitted.path("request").asText();
                boolean unsolvable = false;
                for (int i = 0; i < POLLS_PER_ATTEMPT && !unsolvable; i++) {
                    Thread.sleep(POLL_EVERY.toMillis());
                    JsonNode poll = call(HttpRequest.newBuilder(base.resolve("res.php?" + form("key", key, "action", "get", "id", id,
                            "json", "1"))).timeout(POLL_TIMEOUT).GET().build());
                    if ("CAPCHA_NOT_READY".equals(poll.path("request").asText())) {
                        continue;
                    }
                    if (poll.path("status").asInt() == 1) {
                        return Ending.SOLVED;
                    }
                    if ("ERROR_CAPTCHA_UNSOLVABLE".equals(poll.path("request").asText()) && attempt < MAX_RETRIES) {
                        unsolvable = true; // the script's break: start over with a new submit, at once
                    } else {
                        return Ending.FAILED;
                    }
                }
                if (attempt >= MAX_RETRIES) {
                    return Ending.FAILED; // the script's TIMEOUT
                }
            } catch (RequestFailed e) {
                if (attempt >= MAX_RETRIES) {
                    return Ending.FAILED;
                }
                Thread.sleep(5_000L * attempt);
            }
        }
        return Ending.FAILED;
    }

    private JsonNode call(HttpRequest request) throws RequestFailed, InterruptedException {
        String body;
        try {
            body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new RequestFailed(e.toString());
        }
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            if (json == null || json.isMissingNode()) {
                throw new RequestFailed("empty body");
            }
            return json;
        } catch (IOException e) {
            throw new RequestFailed("not JSON: " + e.getMessage()); // Python's response.json() raises a RequestException
        }
    }

    private static String form(String... pairs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }
}
