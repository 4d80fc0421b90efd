package io.captchafleet.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code captcha-fleet.jar} (or {@code captcha-fleet-worker.jar}) run as a child process, its output collected line by line, for
 * process-level tests (signals, exit codes, restarts).
 */
final class JarProcess implements AutoCloseable {
    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final List<Thread> pumps;

    private JarProcess(Process process) {
        this.process = process;
        this.pumps = List.of(pump(process.getInputStream(), out, "out"), pump(process.getErrorStream(), err, "err"));
    }

    static Path jar() {
        return built("captchaFleet.jar", "target/captcha-fleet.jar");
    }

    /** captcha-fleet-worker.jar: the container image's jar, without the embedded broker and the simulator. */
    static Path workerJar() {
        return built("captchaFleet.workerJar", "target/captcha-fleet-worker.jar");
    }

    private static Path built(String property, String otherwise) {
        Path jar = Path.of(System.getProperty(property, otherwise));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: process tests run after 'mvn package' (failsafe)");
        }
        return jar;
    }

    static JarProcess start(Map<String, String> env, String... args) throws IOException {
        return start(List.of("-Xmx512m"), env, args);
    }

    /** Runs the jar with these JVM options (heap size, GC logging) instead of the default {@code -Xmx512m}. */
    static JarProcess start(List<String> jvmOptions, Map<String, String> env, String... args) throws IOException {
        return start(jar(), jvmOptions, env, args);
    }

    /** Runs another jar of this build, such as {@link #workerJar()}, with {@code -Xmx512m}. */
    static JarProcess start(Path jar, Map<String, String> env, String... args) throws IOException {
        return start(jar, List.of("-Xmx512m"), env, args);
    }

    private static JarProcess start(Path jar, List<String> jvmOptions, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(TestJvm.with(jvmOptions));
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        // Hermetic: no key or setting leaks in from the environment the tests run in.
        pb.environment().keySet().removeIf(k -> k.startsWith("CAPTCHA_"));
        pb.environment().putAll(env);
        return new JarProcess(pb.start());
    }

    static JarProcess start(String... args) throws IOException {
        return start(Map.of(), args);
    }

    /** Runs a command to completion and returns its exit code; its output is then read to the end. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("process did not finish within " + timeout + "; stderr: " + err);
        }
        for (Thread pump : pumps) {
            pump.join(TimeUnit.SECONDS.toMillis(10));
        }
        return process.exitValue();
    }

    List<String> out() {
        return out;
    }

    List<String> err() {
        return err;
    }

    String output() {
        return String.join("\n", out);
    }

    /** Writes {@code input} to the process's stdin and closes it, as a shell pipe would. */
    void pipe(java.io.InputStream input) throws IOException {
        try (java.io.OutputStream stdin = process.getOutputStream()) {
            input.transferTo(stdin);
        }
    }

    Process process() {
        return process;
    }

    /**
     * SIGTERM, as Ctrl-C or {@code kill} would send. Through the process handle: {@link Process#destroy()}
     * would also close our ends of its pipes, and what it writes while stopping would be lost.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    /** SIGKILL. */
    void kill() {
        process.destroyForcibly();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Thread pump(java.io.InputStream stream, List<String> sink, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink.add(line);
                }
            } catch (IOException e) {
                sink.add("<" + name + " closed: " + e + ">");
            }
        }, "jar-process-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
