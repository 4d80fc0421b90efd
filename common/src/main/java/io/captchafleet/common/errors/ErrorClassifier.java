package io.captchafleet.common.errors;

import static io.captchafleet.common.errors.ErrorCategory.BUDGET;
import static io.captchafleet.common.errors.ErrorCategory.CONFIGURATION;
import static io.captchafleet.common.errors.ErrorCategory.INVALID;
import static io.captchafleet.common.errors.ErrorCategory.TASK;
import static io.captchafleet.common.errors.ErrorCategory.TRANSIENT;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an API error code or a transport failure into a {@link Classification}: category, action and
 * the provider's documented wait. The table holds 2captcha's meanings and the codes of the JSON APIs
 * (Anti-Captcha, CapSolver, CapMonster); a provider profile overrides the codes whose meaning differs
 * at that provider (at CaptchaAI {@code ERROR_ZERO_BALANCE} means "no free threads": transient).
 *
 * <p>Immutable and thread-safe.
 */
public final class ErrorClassifier {
    private static final Duration NONE = Duration.ZERO;
    /** The error of a task whose batch an operator cancelled before it was paid for. */
    public static final String CANCELLED = "CANCELLED";
    /** What a text that is no error code the API defines is classified as. */
    public static final String UNKNOWN = "UNKNOWN_ERROR";
    /** The longest code kept: a longer leading word is no code of any API, and records keep codes short. */
    static final int MAX_CODE_LENGTH = 64;
    /** {@code ERROR: 1001}, or upper-case words joined by '_' ({@code ERROR_ZERO_BALANCE}, {@code IP_BANNED}), or one upper-case word. */
    private static final Pattern LEADING_CODE = Pattern.compile("ERROR: ?(\\d{1,9})|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*");
    private static final Map<String, Entry> TABLE = buildTable();
    /** Codes that mean "the provider forgot this solver id": on a poll, submit again. */
    private static final Set<String> FORGOTTEN_ID = Set.of("ERROR_NO_SUCH_CAPCHA_ID", "ERROR_WRONG_CAPTCHA_ID", "ERROR_TASKID_INVALID");

    private final Map<String, ErrorCategory> overrides;

    /** @param overrides codes whose category differs at this provider */
    public ErrorClassifier(Map<String, ErrorCategory> overrides) {
        this.overrides = Map.copyOf(Objects.requireNonNull(overrides, "overrides"));
    }

    /** The classifier with 2captcha's meanings and no overrides. */
    public static ErrorClassifier standard() {
        return new ErrorClassifier(Map.of());
    }

    /** Every code in the table, for tests and documentation. */
    public static Set<String> knownCodes() {
        return TABLE.keySet();
    }

    /**
     * The error code a text the API answered starts with, or null when it starts with none. A code is
     * {@code ERROR: <digits>} (also written without the space), or upper-case words joined by '_' of at
     * most {@value #MAX_CODE_LENGTH} characters, or a single upper-case word in the table
     * ({@code TIMEOUT}); whatever follows it after a character that cannot continue it (": key ...", a
     * description) is not part of it. So {@code "ERROR_KEY_DOES_NOT_EXIST: key 1abc..."} gives
     * {@code ERROR_KEY_DOES_NOT_EXIST}, and a text that is no code ({@code "***"}, HTML, a sentence)
     * gives null.
     */
    public static String leadingCode(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        Matcher m = LEADING_CODE.matcher(t);
        if (!m.lookingAt() || m.end() > MAX_CODE_LENGTH || m.end() < t.length() && continuesCode(t.charAt(m.end()))) {
            return null;
        }
        if (m.group(1) != null) {
            return "ERROR: " + m.group(1);
        }
        String code = m.group();
        return code.indexOf('_') > 0 || TABLE.containsKey(code) ? code : null;
    }

    private static boolean continuesCode(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_';
    }

    /**
     * Classifies an error code the API answered with (legacy {@code request} or JSON {@code errorCode}).
     * The classification's code is the text's {@linkplain #leadingCode leading code}, or {@value #UNKNOWN}
     * when it has none: whatever a provider answers, the code that reaches records, events and logs is
     * short and code-shaped, and an unknown one is counted under the one label {@code unknown}.
     */
    public Classification classify(String code, Phase phase) {
        Objects.requireNonNull(phase, "phase");
        String leading = leadingCode(code);
        String normalised = leading == null ? UNKNOWN : leading;
        Entry entry = TABLE.get(normalised);
        ErrorCategory override = overrides.get(normalised);
        if (override != null) {
            // An override changes the meaning: a fatal code becomes push-back, for example.
            entry = override == TRANSIENT ? new Entry(TRANSIENT, Duration.ofSeconds(5), false, true) : new Entry(override, NONE, false, false);
        }
        if (entry == null) {
            return new Classification(normalised, TASK, ErrorAction.RETRY_ONCE, NONE, false, false, false);
        }
        ErrorAction action = FORGOTTEN_ID.contains(normalised) && phase == Phase.POLL
                ? ErrorAction.RESUBMIT
                : actionFor(entry.category, phase);
        return new Classification(normalised, entry.category, action, entry.waitFor, entry.accountWide, entry.pushBack, true);
    }

    /**
     * Classifies a failure below the API (HTTP status, network, time-out, garbage body): always
     * transient. {@code retryAfter} is the provider's Retry-After for a 429, or zero.
     */
    public Classification classify(TransportFailure failure, Phase phase, Duration retryAfter) {
        boolean pushBack = failure == TransportFailure.HTTP_429;
        Duration wait = retryAfter == null ? NONE : retryAfter;
        return new Classification(failure.code(), TRANSIENT, actionFor(TRANSIENT, phase), wait,
                pushBack && !wait.isZero(), pushBack, true);
    }

    /**
     * The end of a task whose batch is cancelled ({@code captcha-fleet cancel}): failed at once with
     * {@value #CANCELLED}, category {@code cancelled}; {@code retry-failed --error CANCELLED} brings it back.
     */
    public static Classification cancelled() {
        return new Classification(CANCELLED, ErrorCategory.CANCELLED, ErrorAction.FAIL, NONE, false, false, true);
    }

    private static ErrorAction actionFor(ErrorCategory category, Phase phase) {
        switch (category) {
            case TRANSIENT:
                return phase == Phase.SUBMIT ? ErrorAction.RETRY_LATER : ErrorAction.POLL_AGAIN;
            case TASK:
                return ErrorAction.RETRY_ONCE;
            case INVALID:
            case CANCELLED:
                return ErrorAction.FAIL;
            default:
                return ErrorAction.HALT;
        }
    }

    private record Entry(ErrorCategory category, Duration waitFor, boolean accountWide, boolean pushBack) {
    }

    private static Map<String, Entry> buildTable() {
        Map<String, Entry> t = new HashMap<>();
        // Transient, with the providers' documented waits.
        t.put("ERROR_NO_SLOT_AVAILABLE", new Entry(TRANSIENT, Duration.ofSeconds(5), false, true));
        t.put("MAX_USER_TURN", new Entry(TRANSIENT, Duration.ofSeconds(10), true, true));
        t.put("ERROR_TOO_MUCH_REQUESTS", new Entry(TRANSIENT, Duration.ofSeconds(10), true, true));
        t.put("ERROR_RATE_LIMIT", new Entry(TRANSIENT, Duration.ofSeconds(10), true, true));
        t.put("ERROR: 1001", new Entry(TRANSIENT, Duration.ofMinutes(10), true, true));
        t.put("ERROR: 1002", new Entry(TRANSIENT, Duration.ofMinutes(5), true, true));
        t.put("ERROR: 1003", new Entry(TRANSIENT, Duration.ofSeconds(30), true, true));
        t.put("ERROR: 1004", new Entry(TRANSIENT, Duration.ofMinutes(10), true, true));
        t.put("ERROR: 1005", new Entry(TRANSIENT, Duration.ofMinutes(5), true, true));
        t.put("IP_BANNED", new Entry(TRANSIENT, Duration.ofMinutes(5), true, true));
        t.put("ERROR_IP_BANNED", new Entry(TRANSIENT, Duration.ofMinutes(5), true, true));
        t.put("ERROR_IP_BLOCKED", new Entry(TRANSIENT, Duration.ofMinutes(5), true, true));
        t.put("ERROR_SERVICE_UNAVALIABLE", new Entry(TRANSIENT, NONE, false, false)); // sic, CapSolver's spelling
        t.put("ERROR_SERVICE_UNAVAILABLE", new Entry(TRANSIENT, NONE, false, false));
        t.put("ERROR_NO_SUCH_CAPCHA_ID", new Entry(TRANSIENT, NONE, false, false));
        t.put("ERROR_WRONG_CAPTCHA_ID", new Entry(TRANSIENT, NONE, false, false));
        t.put("ERROR_TASKID_INVALID", new Entry(TRANSIENT, NONE, false, false));
        // Task errors: another solver may succeed.
        for (String code : new String[] {"ERROR_CAPTCHA_UNSOLVABLE", "ERROR_BAD_DUPLICATES", "TIMEOUT", "ERROR_TASK_TIMEOUT",
            "ERROR_MAXIMUM_TIME_EXCEED", "ERROR_UNKNOWN_QUESTION", "ERROR_RECAPTCHA_TIMEOUT", "ERROR_TOKEN_EXPIRED",
            "ERROR_PROXY_CONNECT_REFUSED", "ERROR_PROXY_CONNECT_TIMEOUT", "ERROR_PROXY_READ_TIMEOUT", "ERROR_PROXY_BANNED",
            "ERROR_PROXY_TRANSPARENT", "ERROR_PROXY_CONNECTION_FAILED", "ERROR_FAILED_LOADING_WIDGET"}) {
            t.put(code, new Entry(TASK, NONE, false, false));
        }
        // Invalid tasks: retrying cannot help.
        for (String code : new String[] {"ERROR_PAGEURL", "ERROR_GOOGLEKEY", "ERROR_WRONG_GOOGLEKEY", "ERROR_BAD_TOKEN_OR_PAGEURL",
            "ERROR_BAD_PARAMETERS", "ERROR_SITEKEY", "ERROR_ZERO_CAPTCHA_FILESIZE", "ERROR_TOO_BIG_CAPTCHA_FILESIZE",
            "ERROR_WRONG_FILE_EXTENSION", "ERROR_IMAGE_TYPE_NOT_SUPPORTED", "ERROR_UPLOAD", "ERROR_CAPTCHAIMAGE_BLOCKED",
            "ERROR_BAD_PROXY", "ERROR_RECAPTCHA_INVALID_SITEKEY", "ERROR_RECAPTCHA_INVALID_DOMAIN", "ERROR_TASK_ABSENT",
            "ERROR_TASK_NOT_SUPPORTED", "ERROR_NO_SUCH_METHOD", "ERROR_INVALID_TASK_DATA", "ERROR_INVALID_IMAGE",
            "ERROR_BAD_REQUEST", "ERROR_INCORRECT_SESSION_DATA", "ERROR_DOMAIN_NOT_ALLOWED"}) {
            t.put(code, new Entry(INVALID, NONE, false, false));
        }
        // Fatal: the fleet halts.
        for (String code : new String[] {"ERROR_WRONG_USER_KEY", "ERROR_KEY_DOES_NOT_EXIST", "ERROR_IP_NOT_ALLOWED",
            "ERROR_KEY_DENIED_ACCESS", "ERROR_IP_ADDRES", "ERROR_ACCOUNT_SUSPENDED"}) {
            t.put(code, new Entry(CONFIGURATION, NONE, false, false));
        }
        t.put("ERROR_ZERO_BALANCE", new Entry(BUDGET, NONE, false, false));
        t.put("ERROR_SETTLEMENT_FAILED", new Entry(BUDGET, NONE, false, false));
        return Map.copyOf(t);
    }
}
