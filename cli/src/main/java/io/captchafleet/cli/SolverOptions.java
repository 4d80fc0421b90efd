package io.captchafleet.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.captchafleet.common.InputException;
import io.captchafleet.common.provider.ProviderProfile;
import io.captchafleet.common.provider.ProviderProfiles;
import io.captchafleet.worker.solver.ApiKey;
import io.captchafleet.worker.solver.Pingback;
import io.captchafleet.worker.solver.SolverSettings;
import picocli.CommandLine.Option;

/** Which solver API to use and how hard to drive it; shared by {@code worker} and {@code local}. */
final class SolverOptions {
    /** The profile a worker uses when none is named. */
    static final String DEFAULT_PROVIDER = "2captcha";

    @Option(names = "--provider", paramLabel = "NAME",
            description = "Solver provider profile: 2captcha, rucaptcha, captchaai, anti-captcha, capsolver, capmonster,"
                    + " or custom (default: 2captcha for worker; local solves with the built-in simulator unless one is named).")
    String provider;

    @Option(names = "--solver-url", paramLabel = "URL", description = "Base URL of the solver API, overriding the profile's.")
    URI solverUrl;

    @Option(names = "--api-key-file", paramLabel = "FILE",
            description = "File holding the API key (else env CAPTCHA_API_KEY or CAPTCHA_FLEET_API_KEY). The key is never logged.")
    Path apiKeyFile;

    @Option(names = "--max-concurrent-submits", paramLabel = "N", defaultValue = "8",
            description = "Submits on the wire at once, process-wide; lowered while the provider pushes back (default: ${DEFAULT-VALUE}).")
    int maxConcurrentSubmits;

    @Option(names = "--submit-rate", paramLabel = "PER_SECOND",
            description = "Submits per second, process-wide (default: the profile's; 0 for no cap).")
    Double submitRate;

    @Option(names = "--submit-timeout", paramLabel = "DURATION", defaultValue = "35s", converter = DurationConverter.class,
            description = "How long to wait for a submit's answer; a lost answer may still be billed (default: ${DEFAULT-VALUE}).")
    Duration submitTimeout;

    @Option(names = "--attempt-timeout", paramLabel = "DURATION", defaultValue = "6m", converter = DurationConverter.class,
            description = "No answer within this time after a paid submit: the attempt fails with TIMEOUT (default: ${DEFAULT-VALUE}).")
    Duration attemptTimeout;

    @Option(names = "--poll-initial-delay", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "First poll this long after a submit, for every task kind (default: the profile's per kind).")
    Duration pollInitialDelay;

    @Option(names = "--poll-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Time between polls of one task (default: the profile's).")
    Duration pollInterval;

    @Option(names = "--poll-budget", paramLabel = "N",
            description = "Most result requests one task may cost (default: the profile's).")
    Integer pollBudget;

    @Option(names = "--multi-id-chunk", paramLabel = "N", defaultValue = "100",
            description = "Solver ids per multi-id poll request (default: ${DEFAULT-VALUE}).")
    int multiIdChunk;

    @Option(names = "--price", paramLabel = "AMOUNT",
            description = "What one solve costs until the API's price or the balance says (for spend caps and costs);"
                    + " default: the profile's list price per task kind, if it has one.")
    String price;

    @Option(names = "--balance-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Ask for the account balance no more often than this; 0 never asks (default: the profile's,"
                    + " e.g. 30s at anti-captcha).")
    Duration balanceInterval;

    /** Whether a provider was named, on the command line or in the environment. */
    boolean providerNamed() {
        return provider != null && !provider.isBlank();
    }

    /**
     * The named profile (else {@value #DEFAULT_PROVIDER}) with --solver-url applied.
     *
     * @throws InputException for an unknown provider or a URL that is not http(s)
     */
    ProviderProfile profile() {
        ProviderProfile p = ProviderProfiles.byName(providerNamed() ? provider : DEFAULT_PROVIDER);
        if (solverUrl != null) {
            if (solverUrl.getScheme() == null || !solverUrl.getScheme().startsWith("http")) {
                throw new InputException("Invalid value " + solverUrl + " for --solver-url: must be an http(s) URL");
            }
            p = p.withBaseUrl(solverUrl);
        }
        return p;
    }

    /**
     * Whether a key is given: a file, or a variable.
     *
     * @throws InputException when the two variables hold different keys
     */
    boolean hasKey(Map<String, String> env) {
        return apiKeyFile != null || ApiKey.fromEnvironment(env).isPresent();
    }

    ApiKey apiKey(Map<String, String> env) {
        return ApiKey.resolve(Optional.ofNullable(apiKeyFile), env);
    }

    SolverSettings settings(ProviderProfile profile, ApiKey key, Optional<Pingback> pingback) {
        SolverSettings.Builder b = SolverSettings.builder(profile, key)
                .pingback(pingback.orElse(null))
                .maxConcurrentSubmits(maxConcurrentSubmits)
                .submitTimeout(submitTimeout)
                .attemptTimeout(attemptTimeout)
                .multiIdChunk(multiIdChunk);
        if (submitRate != null) {
            b.submitsPerSecond(submitRate);
        }
        if (pollInitialDelay != null) {
            b.firstPollDelay(pollInitialDelay);
        }
        if (pollInterval != null) {
            b.pollInterval(pollInterval);
        }
        if (pollBudget != null) {
            b.pollBudget(pollBudget);
        }
        if (price != null) {
            b.price(io.captchafleet.common.config.Amounts.positive(price, "--price"));
        }
        b.balanceInterval(balanceInterval);
        return b.build();
    }
}
