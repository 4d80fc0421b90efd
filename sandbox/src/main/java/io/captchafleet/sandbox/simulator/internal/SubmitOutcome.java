package io.captchafleet.sandbox.simulator.internal;

/** What became of a submit: billed (with its task), or refused (with the API error code). */
sealed interface SubmitOutcome {

    record Accepted(Submission submission) implements SubmitOutcome {
    }

    record Refused(Refusal refusal, String code) implements SubmitOutcome {
    }
}
