package io.captchafleet.common.redact;

/**
 * Keeps a secret (the API key) out of text that leaves the process: log lines, exception messages,
 * error excerpts of HTTP bodies. Stateless and thread-safe.
 */
public final class Secrets {
    public static final String MASK = "***";

    private Secrets() {
    }

    /** {@code text} with every occurrence of {@code secret} replaced by {@value #MASK}. */
    public static String scrub(String text, String secret) {
        if (text == null || secret == null || secret.isEmpty()) {
            return text;
        }
        return text.replace(secret, MASK);
    }
}
