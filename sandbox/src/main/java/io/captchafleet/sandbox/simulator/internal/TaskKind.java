package io.captchafleet.sandbox.simulator.internal;

/** What kind of CAPTCHA a submit asks for: it decides the checks and the name of the JSON answer's solution field. */
enum TaskKind {
    RECAPTCHA("gRecaptchaResponse"),
    HCAPTCHA("gRecaptchaResponse"),
    TURNSTILE("token"),
    IMAGE("text"),
    OTHER("token");

    private final String solutionField;

    TaskKind(String solutionField) {
        this.solutionField = solutionField;
    }

    /** The field of {@code getTaskResult}'s {@code solution} object that holds the answer. */
    String solutionField() {
        return solutionField;
    }
}
