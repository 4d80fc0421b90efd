package io.captchafleet.cli.fleet;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Task files for the harness: reCAPTCHA v2 tasks with ids 1..n, each with its own page URL, because the
 * simulator identifies (and bills) a task by its page URL.
 */
public final class TaskLines {
    private TaskLines() {
    }

    /** The page URL of task {@code id} of {@code batch}. */
    public static String pageUrl(String batch, long id) {
        return "https://harness.test/" + batch + "/" + id;
    }

    /** One task line, as {@code submit} reads it. */
    public static String line(String batch, long id) {
        return "{\"id\":\"" + id + "\",\"method\":\"userrecaptcha\",\"sitekey\":\"6Le-harness-site-key\",\"pageurl\":\""
                + pageUrl(batch, id) + "\"}";
    }

    /** Writes {@code n} tasks to {@code file} (JSON Lines) and returns it. */
    public static Path write(Path file, String batch, long n) {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (long i = 1; i <= n; i++) {
                w.write(line(batch, i));
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
        return file;
    }
}
