package io.captchafleet.common.provider;

/** The two solver API families. */
public enum Protocol {
    /** 2captcha-compatible {@code in.php}/{@code res.php} with {@code json=1}. */
    LEGACY,
    /** {@code createTask}/{@code getTaskResult}/{@code getBalance} JSON API. */
    JSON
}
