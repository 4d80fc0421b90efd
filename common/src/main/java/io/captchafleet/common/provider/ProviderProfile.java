package io.captchafleet.common.provider;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import io.captchafleet.common.errors.ErrorCategory;
import io.captchafleet.common.errors.ErrorClassifier;
import io.captchafleet.common.model.TaskKind;

/**
 * Everything that differs between solver providers: where the API is, which protocol it speaks,
 * whether it answers many ids in one poll, when to poll, how many polls a task may cost, how fast we
 * may submit, and which error codes mean something else there. Immutable.
 *
 * @param name             the profile name used on the command line
 * @param protocol         legacy or JSON
 * @param baseUrl          the API root; {@code in.php} or {@code createTask} are resolved against it
 * @param multiIdPolling   whether {@code res.php?action=get&ids=a,b,c} works
 * @param firstPollDelay   per task kind, how long after a submit to ask the first time
 * @param pollInterval     how long between polls after the first
 * @param pollBudget       the most result requests one task may cost before the provider bans
 * @param submitsPerSecond the submit rate the provider tolerates; 0 for no cap
 * @param errorOverrides   codes whose category differs from 2captcha's at this provider
 * @param billing          costs, balance, refunds, list prices and reports
 */
public record ProviderProfile(
        String name,
        Protocol protocol,
        URI baseUrl,
        boolean multiIdPolling,
        Map<TaskKind, Duration> firstPollDelay,
        Duration pollInterval,
        int pollBudget,
        double submitsPerSecond,
        Map<String, ErrorCategory> errorOverrides,
        Billing billing) {

    public ProviderProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(baseUrl, "baseUrl");
        firstPollDelay = Map.copyOf(firstPollDelay);
        Objects.requireNonNull(pollInterval, "pollInterval");
        errorOverrides = Map.copyOf(errorOverrides);
        Objects.requireNonNull(billing, "billing");
    }

    /** The first-poll delay for a task kind (the image delay when the kind has none of its own). */
    public Duration firstPollDelay(TaskKind kind) {
        return firstPollDelay.getOrDefault(kind, firstPollDelay.getOrDefault(TaskKind.OTHER, Duration.ofSeconds(5)));
    }

    /** The classifier with this provider's meanings. */
    public ErrorClassifier classifier() {
        return new ErrorClassifier(errorOverrides);
    }

    /** The same profile at another base URL ({@code --solver-url}). */
    public ProviderProfile withBaseUrl(URI url) {
        return new ProviderProfile(name, protocol, url, multiIdPolling, firstPollDelay, pollInterval, pollBudget,
                submitsPerSecond, errorOverrides, billing);
    }

    /** The same profile with one first-poll delay for every kind and another interval (tests, benchmarks). */
    public ProviderProfile withPollTiming(Duration firstPoll, Duration interval) {
        Map<TaskKind, Duration> delays = new EnumMap<>(TaskKind.class);
        for (TaskKind kind : TaskKind.values()) {
            delays.put(kind, firstPoll);
        }
        return new ProviderProfile(name, protocol, baseUrl, multiIdPolling, delays, interval, pollBudget,
                submitsPerSecond, errorOverrides, billing);
    }

    /** The same profile with other money settings ({@code --balance-interval}, tests). */
    public ProviderProfile withBilling(Billing other) {
        return new ProviderProfile(name, protocol, baseUrl, multiIdPolling, firstPollDelay, pollInterval, pollBudget,
                submitsPerSecond, errorOverrides, other);
    }

    /** The same profile with multi-id polling switched on or off. */
    public ProviderProfile withMultiIdPolling(boolean enabled) {
        return new ProviderProfile(name, protocol, baseUrl, enabled, firstPollDelay, pollInterval, pollBudget,
                submitsPerSecond, errorOverrides, billing);
    }
}
