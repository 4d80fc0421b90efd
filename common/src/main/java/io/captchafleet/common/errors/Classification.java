package io.captchafleet.common.errors;

import java.time.Duration;
import java.util.Objects;

/**
 * What an error means and what to do about it.
 *
 * @param code        the API's error code (e.g. {@code ERROR_NO_SLOT_AVAILABLE}) or a transport code
 * @param category    its category
 * @param action      what the worker does, given the phase it happened in
 * @param waitFor     how long the provider asks us to wait (zero when it asks nothing)
 * @param accountWide whether the wait holds for every submit in the process (an account-wide ban)
 *                    rather than only for this task
 * @param pushBack    whether the provider is pushing back, so the allowed concurrency should drop
 * @param known       false for codes not in the table: they are task errors, counted under their own label
 */
public record Classification(
        String code,
        ErrorCategory category,
        ErrorAction action,
        Duration waitFor,
        boolean accountWide,
        boolean pushBack,
        boolean known) {

    public Classification {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(waitFor, "waitFor");
    }

    /** The label for metrics: the code when it is in the table, {@code unknown} otherwise (bounded cardinality). */
    public String metricLabel() {
        return known ? code : "unknown";
    }
}
