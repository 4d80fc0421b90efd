package io.captchafleet.producer.input;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.serde.StrictObject;

/**
 * Checks one task object before anything is published: a known method (legacy API) or type (JSON API)
 * with the parameters it needs, absolute http(s) page URLs, and image sizes the providers accept.
 * Problems are returned as text without the location, which the caller adds. Stateless and
 * thread-safe.
 */
public final class TaskValidator {
    /** Anti-Captcha's and 2captcha's image limits: smaller is no real image, larger is refused. */
    public static final int MIN_IMAGE_BYTES = 100;
    public static final int MAX_IMAGE_BYTES = 500_000;

    private static final List<String> KNOWN_METHODS = List.of("userrecaptcha", "hcaptcha", "turnstile", "base64");
    private static final String SITE = "site";
    private static final String IMAGE = "image";
    /** JSON-API types, lowercase, and what they need: a site (websiteURL, websiteKey) or an image (body). */
    private static final Map<String, String> KNOWN_TYPES = Map.ofEntries(
            Map.entry("recaptchav2task", SITE), Map.entry("recaptchav2taskproxyless", SITE),
            Map.entry("recaptchav2enterprisetask", SITE), Map.entry("recaptchav2enterprisetaskproxyless", SITE),
            Map.entry("recaptchav3task", SITE), Map.entry("recaptchav3taskproxyless", SITE),
            Map.entry("recaptchav3enterprisetask", SITE), Map.entry("recaptchav3enterprisetaskproxyless", SITE),
            Map.entry("norecaptchatask", SITE), Map.entry("norecaptchataskproxyless", SITE),
            Map.entry("hcaptchatask", SITE), Map.entry("hcaptchataskproxyless", SITE),
            Map.entry("turnstiletask", SITE), Map.entry("turnstiletaskproxyless", SITE),
            Map.entry("antiturnstiletask", SITE), Map.entry("antiturnstiletaskproxyless", SITE),
            Map.entry("imagetotexttask", IMAGE));

    private final boolean allowUnknownMethods;

    public TaskValidator(boolean allowUnknownMethods) {
        this.allowUnknownMethods = allowUnknownMethods;
    }

    /** What is wrong with {@code task}; empty when nothing is. */
    public List<String> problems(ObjectNode task) {
        List<String> problems = new ArrayList<>();
        JsonNode type = task.get("type");
        if (type != null && !type.isNull()) {
            checkType(task, type, problems);
        } else {
            checkMethod(task, problems);
        }
        return problems;
    }

    private void checkType(ObjectNode task, JsonNode type, List<String> problems) {
        if (!type.isTextual() || type.asText().isBlank()) {
            problems.add("\"type\" must be a non-empty string, got " + StrictObject.excerpt(type));
            return;
        }
        String needs = KNOWN_TYPES.get(type.asText().toLowerCase(Locale.ROOT));
        String what = "type \"" + type.asText() + "\"";
        if (SITE.equals(needs)) {
            url(task, "websiteURL", what, problems);
            required(task, "websiteKey", what, problems);
        } else if (IMAGE.equals(needs)) {
            image(task, "body", what, problems);
        } else if (!allowUnknownMethods) {
            problems.add("unknown " + what + ": known types are RecaptchaV2Task, RecaptchaV3Task, HCaptchaTask, TurnstileTask,"
                    + " ImageToTextTask and their variants; --allow-unknown-methods passes others through");
        } else if (task.hasNonNull("websiteURL")) {
            url(task, "websiteURL", what, problems);
        }
    }

    private void checkMethod(ObjectNode task, List<String> problems) {
        JsonNode method = task.get("method");
        if (method == null || method.isNull()) {
            problems.add("\"method\" is missing: say which kind of CAPTCHA this is, e.g. \"method\": \"userrecaptcha\""
                    + " (or give a JSON-API \"type\")");
            return;
        }
        if (!method.isTextual() || method.asText().isBlank()) {
            problems.add("\"method\" must be a non-empty string, got " + StrictObject.excerpt(method));
            return;
        }
        String name = method.asText();
        String what = "method \"" + name + "\"";
        switch (name) {
            case "userrecaptcha":
                // sitekey is the canonical name; the seed's files may carry the legacy googlekey instead.
                required(task, task.hasNonNull("sitekey") || !task.hasNonNull("googlekey") ? "sitekey" : "googlekey", what, problems);
                url(task, "pageurl", what, problems);
                break;
            case "hcaptcha":
            case "turnstile":
                required(task, "sitekey", what, problems);
                url(task, "pageurl", what, problems);
                break;
            case "base64":
                image(task, "body", what, problems);
                break;
            default:
                if (!allowUnknownMethods) {
                    problems.add("unknown " + what + ": known methods are " + String.join(", ", KNOWN_METHODS)
                            + "; --allow-unknown-methods passes others through");
                } else if (task.hasNonNull("pageurl")) {
                    url(task, "pageurl", what, problems);
                }
        }
    }

    /** The field's text, or null after adding a problem. */
    private static String required(ObjectNode task, String field, String what, List<String> problems) {
        JsonNode v = task.get(field);
        if (v == null || v.isNull()) {
            problems.add("\"" + field + "\" is missing (" + what + " needs it)");
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            problems.add("\"" + field + "\" must be a non-empty string, got " + StrictObject.excerpt(v));
            return null;
        }
        return v.asText();
    }

    private static void url(ObjectNode task, String field, String what, List<String> problems) {
        String text = required(task, field, what, problems);
        if (text != null && !isAbsoluteHttpUrl(text)) {
            problems.add("\"" + field + "\" must be an absolute http(s) URL, got " + StrictObject.excerpt(task.get(field)));
        }
    }

    static boolean isAbsoluteHttpUrl(String text) {
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme();
            return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    && uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void image(ObjectNode task, String field, String what, List<String> problems) {
        String text = required(task, field, what, problems);
        if (text == null) {
            return;
        }
        byte[] decoded;
        try {
            decoded = Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            problems.add("\"" + field + "\" must be base64-encoded image bytes: " + e.getMessage());
            return;
        }
        if (decoded.length < MIN_IMAGE_BYTES || decoded.length > MAX_IMAGE_BYTES) {
            problems.add("\"" + field + "\" decodes to " + decoded.length + " bytes; an image must be "
                    + MIN_IMAGE_BYTES + " to " + MAX_IMAGE_BYTES + " bytes");
        }
    }
}
