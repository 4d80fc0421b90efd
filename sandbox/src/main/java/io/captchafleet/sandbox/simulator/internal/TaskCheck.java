package io.captchafleet.sandbox.simulator.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The checks a real solver makes before it accepts a task, the same for both protocols (each maps
 * its own parameter names onto these), and the task's identity for the counters.
 */
final class TaskCheck {
    /** 2captcha refuses images under 100 bytes and over 100 kB. */
    static final int MIN_IMAGE_BYTES = 100;
    static final int MAX_IMAGE_BYTES = 100 * 1024;

    private TaskCheck() {
    }

    /**
     * @param pageUrl the page the CAPTCHA is on, or null
     * @param siteKey the site key, or null
     * @param imageBase64 the image, base64, or null
     * @param description every parameter in a stable order: the identity of a task with neither page URL nor image
     */
    static SubmitRequest check(TaskKind kind, String pageUrl, String siteKey, String imageBase64, String description) {
        switch (kind) {
            case RECAPTCHA:
                if (isBlank(siteKey)) {
                    return SubmitRequest.invalid("ERROR_GOOGLEKEY");
                }
                return requirePageUrl(kind, pageUrl);
            case HCAPTCHA:
            case TURNSTILE:
                if (isBlank(siteKey)) {
                    return SubmitRequest.invalid("ERROR_SITEKEY");
                }
                return requirePageUrl(kind, pageUrl);
            case IMAGE:
                return checkImage(imageBase64);
            default:
                return SubmitRequest.valid(kind, isBlank(pageUrl) ? "params:" + sha256(description.getBytes(StandardCharsets.UTF_8)) : pageUrl);
        }
    }

    private static SubmitRequest requirePageUrl(TaskKind kind, String pageUrl) {
        return isBlank(pageUrl) ? SubmitRequest.invalid("ERROR_PAGEURL") : SubmitRequest.valid(kind, pageUrl);
    }

    private static SubmitRequest checkImage(String imageBase64) {
        if (isBlank(imageBase64)) {
            return SubmitRequest.invalid("ERROR_ZERO_CAPTCHA_FILESIZE");
        }
        byte[] image;
        try {
            image = Base64.getDecoder().decode(imageBase64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            return SubmitRequest.invalid("ERROR_UPLOAD");
        }
        if (image.length < MIN_IMAGE_BYTES) {
            return SubmitRequest.invalid("ERROR_ZERO_CAPTCHA_FILESIZE");
        }
        if (image.length > MAX_IMAGE_BYTES) {
            return SubmitRequest.invalid("ERROR_TOO_BIG_CAPTCHA_FILESIZE");
        }
        return SubmitRequest.valid(TaskKind.IMAGE, "image:" + sha256(image));
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** The first 16 bytes of the SHA-256, in hex: short enough to read, long enough never to collide in a test. */
    private static String sha256(byte[] data) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
