package io.captchafleet.common.model;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The broad kind of a task, derived from its {@code method} (legacy API) or {@code type} (JSON API).
 * It decides the first-poll delay and the token lifetime behind an outcome's {@code expires_at}.
 */
public enum TaskKind {
    IMAGE(null),
    RECAPTCHA_V2(Duration.ofSeconds(120)),
    RECAPTCHA_V3(Duration.ofSeconds(120)),
    HCAPTCHA(Duration.ofSeconds(120)),
    TURNSTILE(Duration.ofSeconds(300)),
    OTHER(null);

    private final Duration tokenLifetime;

    TaskKind(Duration tokenLifetime) {
        this.tokenLifetime = tokenLifetime;
    }

    /** How long a solved token stays valid, when the kind's tokens expire. */
    public Optional<Duration> tokenLifetime() {
        return Optional.ofNullable(tokenLifetime);
    }

    /** The kind of a task object, from {@code method}/{@code version} or a JSON-API {@code type}. */
    public static TaskKind of(JsonNode taskData) {
        String type = text(taskData, "type");
        if (!type.isEmpty()) {
            return ofJsonType(type);
        }
        String method = text(taskData, "method");
        switch (method) {
            case "userrecaptcha":
                return "v3".equals(text(taskData, "version")) ? RECAPTCHA_V3 : RECAPTCHA_V2;
            case "hcaptcha":
                return HCAPTCHA;
            case "turnstile":
                return TURNSTILE;
            case "base64":
            case "post":
                return IMAGE;
            default:
                return OTHER;
        }
    }

    private static TaskKind ofJsonType(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        if (t.startsWith("recaptchav3")) {
            return RECAPTCHA_V3;
        }
        if (t.startsWith("recaptchav2") || t.startsWith("norecaptcha")) {
            return RECAPTCHA_V2;
        }
        if (t.startsWith("hcaptcha")) {
            return HCAPTCHA;
        }
        if (t.startsWith("turnstile") || t.startsWith("antiturnstile")) {
            return TURNSTILE;
        }
        if (t.startsWith("imagetotext")) {
            return IMAGE;
        }
        return OTHER;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() ? v.asText() : "";
    }
}
