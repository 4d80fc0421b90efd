package io.captchafleet.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The real jar run on a pseudo-terminal of a given width, through util-linux {@code script}, the way a
 * user at a terminal runs it; what the terminal received, cut the way the terminal shows it.
 */
final class TerminalRun {
    /** ANSI "erase line": the bar's way to redraw; it moves nothing. */
    private static final Pattern ERASE_LINE = Pattern.compile("\u001b\\[2K");

    private final int exitCode;
    private final String screen;

    private TerminalRun(int exitCode, String screen) {
        this.exitCode = exitCode;
        this.screen = screen;
    }

    /** Whether util-linux {@code script} is here to give the jar a terminal. */
    static boolean available() {
        try {
            Process p = new ProcessBuilder("script", "--version").redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 && version.contains("util-linux");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code captcha-fleet ARGS} on a terminal {@code columns} wide, with this environment (and no other CAPTCHA_ one). */
    static TerminalRun of(int columns, Map<String, String> env, Path workDir, Duration timeout, String... args)
            throws IOException, InterruptedException {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), TestJvm.QUICK_START, "-Xmx512m",
                "-jar", JarProcess.jar().toAbsolutePath().toString()));
        java.addAll(List.of(args));
        String command = "stty cols " + columns + " rows 40 && exec " + java.stream().map(TerminalRun::quote)
                .collect(Collectors.joining(" "));
        Path screen = Files.createTempFile(workDir, "screen", ".txt");
        ProcessBuilder pb = new ProcessBuilder("script", "--quiet", "--return", "--command", command, "/dev/null");
        pb.environment().keySet().removeIf(k -> k.startsWith("CAPTCHA_"));
        pb.environment().put("TERM", "xterm");
        pb.environment().putAll(env);
        pb.redirectOutput(screen.toFile());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("captcha-fleet " + String.join(" ", args) + " did not finish within " + timeout + "; screen:\n"
                    + Files.readString(screen));
        }
        return new TerminalRun(p.exitValue(), Files.readString(screen, StandardCharsets.UTF_8));
    }

    int exitCode() {
        return exitCode;
    }

    /** Everything the terminal received, escape sequences and all. */
    String raw() {
        return screen;
    }

    /**
     * The runs of text the terminal printed without a carriage return or a line feed between them: each is
     * one line of the screen unless it is wider than the terminal, where the terminal wraps it.
     */
    List<String> segments() {
        List<String> segments = new ArrayList<>();
        for (String part : ERASE_LINE.matcher(screen).replaceAll("").split("[\r\n]")) {
            if (!part.isEmpty()) {
                segments.add(part);
            }
        }
        return segments;
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
