package io.captchafleet.common.errors;

/** When an error happened: a submit (it may cost money) or a poll (the submit is already paid). */
public enum Phase {
    SUBMIT,
    POLL
}
