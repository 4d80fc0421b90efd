package io.captchafleet.worker.solver;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

import io.captchafleet.common.InputException;
import io.captchafleet.common.redact.Secrets;

/**
 * Where the provider calls us back when a task is solved, and the fleet's secret that makes the call
 * ours: the solver registers {@code <public URL>/<secret>} with every submit (legacy {@code pingback},
 * JSON {@code callbackUrl}); workers serve {@value #PATH}{@code <secret>} on their HTTP port and refuse any
 * other path. The secret is handled like the API key: {@link #toString()} masks it, {@link #accepts} compares
 * in constant time, and the solver masks it in every text a provider sends back; it is never logged, put in
 * a record, a metric label or an exception message. Immutable and thread-safe.
 */
public final class Pingback {
    /** The path workers serve callbacks on, before the secret. */
    public static final String PATH = "/pingback/";
    /** A secret is letters, digits, '-' and '_' (URL-safe as it is), at least this long. */
    private static final int MIN_SECRET = 16;
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{" + MIN_SECRET + ",256}");

    private final URI publicUrl;
    private final String secret;
    private final Duration grace;

    private Pingback(URI publicUrl, String secret, Duration grace) {
        this.publicUrl = publicUrl;
        this.secret = secret;
        this.grace = grace;
    }

    /**
     * @param publicUrl where the provider reaches the workers' {@value #PATH} (through a load balancer or an
     *                  ingress): an absolute http(s) URL without query or fragment
     * @param grace     how long after a task's expected solve time a missing callback is polled for
     * @throws InputException naming the flag when a value is unusable
     */
    public static Pingback of(URI publicUrl, String secret, Duration grace) {
        checkUrl(publicUrl);
        if (grace == null || grace.isNegative()) {
            throw new InputException("Invalid value " + grace + " for --pingback-grace: must not be negative");
        }
        if (secret == null || !SECRET.matcher(secret).matches()) {
            throw new InputException("The pingback secret must be " + MIN_SECRET + " to 256 letters, digits, '-' or '_'");
        }
        String url = publicUrl.toString();
        return new Pingback(URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url), secret, grace);
    }

    /** @throws InputException naming {@code --pingback-url} when the URL cannot be called back */
    public static void checkUrl(URI publicUrl) {
        Objects.requireNonNull(publicUrl, "publicUrl");
        if (!publicUrl.isAbsolute() || publicUrl.getHost() == null || !publicUrl.getScheme().matches("https?")
                || publicUrl.getRawQuery() != null || publicUrl.getRawFragment() != null) {
            throw new InputException("Invalid value " + publicUrl + " for --pingback-url: must be an absolute http(s) URL"
                    + " without a query or fragment, e.g. https://captcha.example.com/pingback");
        }
    }

    /**
     * The fleet's secret from {@code file}; when the file does not exist yet, a new random one (32 bytes,
     * base64url) is written there, readable by its owner only, so that every worker given the file shares it.
     * Surrounding white space is ignored.
     *
     * @throws InputException naming {@code --pingback-secret-file} when the file cannot be read or written, or
     *                        holds no usable secret (the secret itself is never quoted)
     */
    public static String secretFrom(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!SECRET.matcher(text).matches()) {
                throw new InputException("Invalid value " + file + " for --pingback-secret-file: the file must hold " + MIN_SECRET
                        + " to 256 letters, digits, '-' or '_' (delete it to have a new secret made)");
            }
            return text;
        } catch (NoSuchFileException e) {
            throw new InputException("Invalid value " + file + " for --pingback-secret-file: its folder does not exist");
        } catch (AccessDeniedException e) {
            throw new InputException("Invalid value " + file + " for --pingback-secret-file: permission denied");
        } catch (IOException e) {
            throw new InputException("Invalid value " + file + " for --pingback-secret-file: cannot read or write it ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static void create(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n";
        try {
            Files.writeString(file, secret, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            return; // another worker sharing the folder made it first: its secret is the fleet's
        }
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: its own access rules apply.
        }
    }

    /** The URL registered with every submit, secret included. Never log it. */
    public String registeredUrl() {
        return publicUrl + "/" + secret;
    }

    /** How long after a task's expected solve time a missing callback is polled for. */
    public Duration grace() {
        return grace;
    }

    /** Whether {@code presented} (the path after {@value #PATH}) is the secret; constant time. */
    public boolean accepts(String presented) {
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The secret, for masking it where provider text comes in ({@link ApiKey#alsoMasking}). */
    String secret() {
        return secret;
    }

    @Override
    public String toString() {
        return "Pingback[" + publicUrl + "/" + Secrets.MASK + ", grace " + grace.toSeconds() + " s]";
    }
}
