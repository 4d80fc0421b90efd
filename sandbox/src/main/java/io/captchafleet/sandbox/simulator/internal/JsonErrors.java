package io.captchafleet.sandbox.simulator.internal;

import java.util.Map;

/** The numeric {@code errorId} and a short description of each error code, from the providers' public error tables. */
final class JsonErrors {
    private record Entry(int id, String description) {
    }

    private static final Map<String, Entry> TABLE = Map.ofEntries(
            Map.entry("ERROR_WRONG_USER_KEY", new Entry(1, "The client key is not the account's key.")),
            Map.entry("ERROR_NO_SLOT_AVAILABLE", new Entry(2, "No free solver for this task now; try again in a few seconds.")),
            Map.entry("ERROR_ZERO_CAPTCHA_FILESIZE", new Entry(3, "The image is missing or smaller than 100 bytes.")),
            Map.entry("ERROR_TOO_BIG_CAPTCHA_FILESIZE", new Entry(4, "The image is larger than 100 kB.")),
            Map.entry("ERROR_ZERO_BALANCE", new Entry(10, "The account has no funds.")),
            Map.entry("ERROR_CAPTCHA_UNSOLVABLE", new Entry(12, "The solvers could not solve this task.")),
            Map.entry("ERROR_TASKID_INVALID", new Entry(16, "No task with this id, or its result has expired.")),
            Map.entry("ERROR_TASK_ABSENT", new Entry(22, "The request has no task object.")),
            Map.entry("ERROR_TASK_NOT_SUPPORTED", new Entry(23, "The task has no type.")),
            Map.entry("ERROR_PAGEURL", new Entry(1, "The task has no websiteURL.")),
            Map.entry("ERROR_GOOGLEKEY", new Entry(1, "The reCAPTCHA task has no websiteKey.")),
            Map.entry("ERROR_SITEKEY", new Entry(1, "The task has no websiteKey.")),
            Map.entry("ERROR_UPLOAD", new Entry(1, "The image body is not valid base64.")),
            Map.entry("MAX_USER_TURN", new Entry(1, "Too many tasks created in the last 3 seconds; wait 10 seconds.")),
            Map.entry("ERROR: 1005", new Entry(1, "Too many result requests for this task; wait 5 minutes.")));

    private JsonErrors() {
    }

    static int idOf(String code) {
        Entry e = TABLE.get(code);
        return e == null ? 1 : e.id();
    }

    static String describe(String code) {
        Entry e = TABLE.get(code);
        return e == null ? "See errorCode (" + code + ")." : e.description();
    }
}
