package io.captchafleet.worker.solver.internal;

import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.errors.ErrorClassifier;

/**
 * A parsed legacy answer: {@code {"status":1,"request":"..."}} with {@code json=1}, or the plain text a
 * server may still send for some errors ({@code OK|id}, {@code ERROR_...}, {@code MAX_USER_TURN}).
 * Immutable.
 */
record LegacyAnswer(boolean ok, String request) {
    private static final Pattern ERROR_CODE = Pattern.compile("ERROR_[A-Z0-9_]+|ERROR: ?\\d+");

    /** The answer, or null when the body is not the API's (HTML, empty, truncated, other JSON). */
    static LegacyAnswer parse(String body) {
        ObjectNode json = ApiBodies.object(body);
        if (json != null) {
            JsonNode status = json.get("status");
            String request = ApiBodies.text(json, "request");
            if (status == null || !status.canConvertToInt() || request == null) {
                return null;
            }
            return new LegacyAnswer(status.asInt() == 1, request);
        }
        String text = body == null ? "" : body.strip();
        if (text.startsWith("OK|") && text.length() > 3) {
            return new LegacyAnswer(true, text.substring(3));
        }
        // Only codes we know to be the API's: a random upper-case body must not pass for a task error.
        return isErrorCode(text) || "CAPCHA_NOT_READY".equals(text) ? new LegacyAnswer(false, text) : null;
    }

    /** Whether a text is one of the API's error codes rather than a token or an image's text. */
    static boolean isErrorCode(String text) {
        return ERROR_CODE.matcher(text).matches() || ErrorClassifier.knownCodes().contains(text);
    }
}
