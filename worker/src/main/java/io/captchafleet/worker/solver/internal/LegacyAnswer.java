package io.captchafleet.worker.solver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.errors.ErrorClassifier;

/**
 * A parsed legacy answer: {@code {"status":1,"request":"..."}} with {@code json=1} (2captcha adds an
 * {@code error_text} to errors), or the plain text a server may still send for some errors
 * ({@code OK|id}, {@code ERROR_...}, {@code MAX_USER_TURN}). Its texts are read through
 * {@link ProviderText}, so they never hold the API key. Immutable.
 *
 * @param errorText the description of an error, or null
 * @param price     what the task cost, when the answer says ({@code action=get2}: a {@code price} field, or the
 *                  plain text's third part {@code OK|token|price}), else null
 */
record LegacyAnswer(boolean ok, String request, String errorText, String price) {

    /** The answer, or null when the body is not the API's (HTML, empty, truncated, other JSON). */
    static LegacyAnswer parse(ProviderText text, String body) {
        ObjectNode json = ProviderText.object(body);
        if (json != null) {
            JsonNode status = json.get("status");
            String request = text.text(json, "request");
            if (status == null || !status.canConvertToInt() || request == null) {
                return null;
            }
            return new LegacyAnswer(status.asInt() == 1, request, text.text(json, "error_text"), text.text(json, "price"));
        }
        String plain = text.plain(body);
        if (plain.startsWith("OK|") && plain.length() > 3) {
            return new LegacyAnswer(true, plain.substring(3), null, null);
        }
        // Only codes we know to be the API's: a random upper-case body must not pass for a task error.
        return isErrorCode(plain) || "CAPCHA_NOT_READY".equals(plain) ? new LegacyAnswer(false, plain, null, null) : null;
    }

    /**
     * Whether a text is one of the API's errors rather than a token or an image's text: it starts with an
     * {@code ERROR...} code or a code of the table, alone or followed by a message
     * ({@code ERROR_KEY_DOES_NOT_EXIST: key ...}).
     */
    static boolean isErrorCode(String text) {
        String code = ErrorClassifier.leadingCode(text);
        return code != null && (code.startsWith("ERROR") || ErrorClassifier.knownCodes().contains(code));
    }
}
