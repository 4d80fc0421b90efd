package io.captchafleet.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.captchafleet.common.InputException;
import io.captchafleet.worker.solver.Pingback;
import picocli.CommandLine.Option;

/** Provider callbacks instead of polling; shared by {@code worker} and {@code local}. Off unless --pingback-url is given. */
final class PingbackOptions {
    @Option(names = "--pingback-url", paramLabel = "URL",
            description = "Have the provider call back when a task is solved: the public URL (through your load balancer or ingress) that"
                    + " reaches every worker's HTTP port at /pingback; each submit registers URL/<secret>. Polling stays the fallback."
                    + " Off by default.")
    URI url;

    @Option(names = "--pingback-secret-file", paramLabel = "FILE",
            description = "The fleet's pingback secret, shared by every worker; created with a random secret if missing. Never logged.")
    Path secretFile;

    @Option(names = "--pingback-grace", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "A task whose callback has not come by its expected solve time plus this is polled (default: ${DEFAULT-VALUE}).")
    Duration grace;

    /**
     * The callback settings when {@code --pingback-url} is given; {@code defaultSecretFile} is used without
     * {@code --pingback-secret-file} (empty: the flag is required).
     *
     * @throws InputException naming the flag when a value is missing or unusable
     */
    Optional<Pingback> pingback(Optional<Path> defaultSecretFile) {
        if (url == null) {
            if (secretFile != null) {
                throw new InputException("--pingback-secret-file needs --pingback-url: callbacks are off without it");
            }
            return Optional.empty();
        }
        Pingback.checkUrl(url);
        Path file = Optional.ofNullable(secretFile).or(() -> defaultSecretFile).orElseThrow(() -> new InputException(
                "--pingback-url needs --pingback-secret-file FILE: every worker behind the URL must share one secret (the file is"
                        + " created with a random secret if it does not exist)"));
        return Optional.of(Pingback.of(url, Pingback.secretFrom(file), grace));
    }
}
