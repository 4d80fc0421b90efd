package io.captchafleet.sandbox.simulator.internal;

/**
 * A submit as either protocol asked for it, already checked: a valid task with its identity (page
 * URL or image hash), or the API error code that the checks found.
 */
record SubmitRequest(TaskKind kind, String identity, String invalidCode) {

    static SubmitRequest valid(TaskKind kind, String identity) {
        return new SubmitRequest(kind, identity, null);
    }

    static SubmitRequest invalid(String code) {
        return new SubmitRequest(null, null, code);
    }

    boolean isValid() {
        return invalidCode == null;
    }
}
