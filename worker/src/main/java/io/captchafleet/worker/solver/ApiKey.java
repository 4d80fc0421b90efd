package io.captchafleet.worker.solver;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.TextNode;
import io.captchafleet.common.InputException;
import io.captchafleet.common.redact.Secrets;
import io.captchafleet.common.serde.Json;

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
    /** How many of its first characters make a cut-off echo of a key (of twice that length or more). */
    private static final int PARTIAL = 8;

    private final String value;
    /** The key as it may appear in text: as it is, percent-encoded, JSON-escaped (also PHP's way). */
    private final List<String> forms;
    /** Other secrets the provider's text is cleaned of (the pingback secret, which is URL-safe as it is). */
    private final List<String> others;

    private ApiKey(String value) {
        this(value, List.of());
    }

    private ApiKey(String value, List<String> others) {
        this.value = value;
        String json = Json.write(TextNode.valueOf(value));
        this.forms = Stream.of(value, URLEncoder.encode(value, StandardCharsets.UTF_8), json.substring(1, json.length() - 1),
                phpJson(json.substring(1, json.length() - 1))).distinct().toList();
        this.others = List.copyOf(others);
    }

    /**
     * The same key, whose {@link #scrub} also masks {@code otherSecret}: the pingback secret travels in every
     * submit's callback URL, so a provider that echoes the request can send it back like the key.
     */
    public ApiKey alsoMasking(String otherSecret) {
        List<String> all = new ArrayList<>(others);
        all.add(Objects.requireNonNull(otherSecret, "otherSecret"));
        return new ApiKey(value, all);
    }

    /** PHP's json_encode, as legacy servers answer: '/' escaped, and non-ASCII characters as four hex digits. */
    private static String phpJson(String jsonEscaped) {
        StringBuilder sb = new StringBuilder(jsonEscaped.length());
        for (char c : jsonEscaped.toCharArray()) {
            if (c == '/') {
                sb.append("\\/");
            } else if (c > 0x7e) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
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

    /**
     * {@code text} with every occurrence of the key masked, also where it was percent-encoded (an echoed
     * URL), JSON-escaped (an echoed request body) or cut off after its first {@value #PARTIAL} characters
     * or more. For a key of letters, digits, '-' and '_' (every provider's) the first three are one form,
     * and the cost is two scans of the text.
     */
    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        String scrubbed = text;
        for (String form : forms) {
            scrubbed = Secrets.scrub(scrubbed, form);
        }
        for (String other : others) {
            scrubbed = Secrets.scrub(scrubbed, other);
        }
        return value.length() < 2 * PARTIAL ? scrubbed : scrubTruncated(scrubbed);
    }

    /**
     * Masks a cut-off echo of the key ({@code key 1abc2def…}): any run of at least {@value #PARTIAL} of its
     * first characters. Eight characters of a key occur elsewhere only by a chance too small to matter.
     */
    private String scrubTruncated(String text) {
        String start = value.substring(0, PARTIAL);
        int at = text.indexOf(start);
        if (at < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        int from = 0;
        while (at >= 0) {
            int end = at + PARTIAL;
            while (end < text.length() && end - at < value.length() && text.charAt(end) == value.charAt(end - at)) {
                end++;
            }
            sb.append(text, from, at).append(Secrets.MASK);
            from = end;
            at = text.indexOf(start, end);
        }
        return sb.append(text, from, text.length()).toString();
    }

    @Override
    public String toString() {
        return "ApiKey[" + Secrets.MASK + "]";
    }
}
