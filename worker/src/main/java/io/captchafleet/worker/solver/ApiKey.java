package io.captchafleet.worker.solver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.captchafleet.common.InputException;
import io.captchafleet.common.redact.Secrets;

/**
 * The solver account's API key. It is sent to the provider and nowhere else: {@link #toString()} hides
 * it, and {@link #scrub(String)} removes it from any text that leaves the solver (error details,
 * exception messages, body excerpts). Immutable and thread-safe.
 */
public final class ApiKey {
    /** The environment variable that carries the key when no file is given. */
    public static final String ENV = "CAPTCHA_API_KEY";
    /** The same, named like every other CAPTCHA_FLEET_ variable; either may be set. */
    public static final String FLEET_ENV = "CAPTCHA_FLEET_API_KEY";
    /** What to do when there is no key, as every message about it says. */
    public static final String HOW_TO_GIVE = "set " + ENV + " (or " + FLEET_ENV + ") or pass --api-key-file FILE";

    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    /**
     * A key given directly (tests, or a caller that read it elsewhere).
     *
     * @throws InputException when it is blank
     */
    public static ApiKey of(String value) {
        Objects.requireNonNull(value, "value");
        String key = value.strip();
        if (key.isEmpty()) {
            throw new InputException("The API key is empty: " + HOW_TO_GIVE);
        }
        return new ApiKey(key);
    }

    /**
     * The key from {@code --api-key-file} when given (surrounding white space and the trailing newline
     * trimmed), else from {@value #ENV} or {@value #FLEET_ENV}.
     *
     * @throws InputException when none gives a key, the file cannot be read or is empty, or the two
     *                        variables hold different keys
     */
    public static ApiKey resolve(Optional<Path> apiKeyFile, Map<String, String> env) {
        if (apiKeyFile.isPresent()) {
            Path file = apiKeyFile.get();
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new InputException("Invalid value " + file + " for --api-key-file: no such file");
            } catch (IOException e) {
                throw new InputException("Invalid value " + file + " for --api-key-file: cannot read it (" + e.getClass().getSimpleName() + ")");
            }
            if (text.isBlank()) {
                throw new InputException("Invalid value " + file + " for --api-key-file: the file is empty");
            }
            return new ApiKey(text.strip());
        }
        return fromEnvironment(env).orElseThrow(() -> new InputException("No API key: " + HOW_TO_GIVE));
    }

    /**
     * The key from {@value #ENV} or {@value #FLEET_ENV}, if either is set.
     *
     * @throws InputException when both are set to different keys (which one is meant cannot be told)
     */
    public static Optional<ApiKey> fromEnvironment(Map<String, String> env) {
        Optional<String> plain = nonBlank(env.get(ENV));
        Optional<String> fleet = nonBlank(env.get(FLEET_ENV));
        if (plain.isPresent() && fleet.isPresent() && !plain.get().equals(fleet.get())) {
            throw new InputException(ENV + " and " + FLEET_ENV + " hold different API keys: unset one of them");
        }
        return plain.or(() -> fleet).map(ApiKey::new);
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** The key itself, for the request that carries it to the provider. Never log it. */
    public String reveal() {
        return value;
    }

    /** {@code text} with the key masked. */
    public String scrub(String text) {
        return Secrets.scrub(text, value);
    }

    @Override
    public String toString() {
        return "ApiKey[" + Secrets.MASK + "]";
    }
}
