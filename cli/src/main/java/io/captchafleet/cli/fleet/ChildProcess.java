package io.captchafleet.cli.fleet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One child process: its standard output collected line by line (services print a one-line banner
 * there), its standard error appended to a log file (the services' logs). Signals as a shell sends
 * them: {@link #kill()} is SIGKILL, {@link #terminate} SIGTERM.
 *
 * <p>Thread-safe: output is collected on a daemon thread; readers lock the line list.
 */
public final class ChildProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    /** Guarded by itself; waiters are notified on each new line and at the end of the stream. */
    private final List<String> out = new ArrayList<>();
    private boolean outClosed;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        Thread pump = new Thread(() -> pump(process.getInputStream()), "child-out-" + name);
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts {@code command}; its standard error is appended to {@code log}.
     *
     * @throws UncheckedIOException when the command cannot be started
     */
    public static ChildProcess start(String name, List<String> command, Map<String, String> env, Path log) {
        return start(name, command, env, Set.of(), log);
    }

    /**
     * Starts {@code command} with {@code env} added to this process's environment and the variables named in
     * {@code unset} removed from it (a child that must not inherit them, e.g. an API key).
     */
    public static ChildProcess start(String name, List<String> command, Map<String, String> env, Set<String> unset,
                                     Path log) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeAll(unset);
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        try {
            return new ChildProcess(name, pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + command, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Where its standard error (its log) goes. */
    public Path log() {
        return log;
    }

    /** The lines it printed on standard output so far. */
    public List<String> out() {
        synchronized (out) {
            return List.copyOf(out);
        }
    }

    /** CPU time (user + system) the process has used so far, where the OS tells it. */
    public Optional<Duration> cpuTime() {
        return process.toHandle().info().totalCpuDuration();
    }

    /**
     * Waits for the first output line starting with {@code prefix}.
     *
     * @throws IllegalStateException when the process ends or the time runs out first, with its output
     */
    public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (out) {
            while (true) {
                for (String line : out) {
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (outClosed || left <= 0) {
                    throw new IllegalStateException(name + " printed no line starting with \"" + prefix + "\" within "
                            + timeout.toSeconds() + " s (" + (process.isAlive() ? "still running" : "ended") + "); output: " + out
                            + "; log: " + log);
                }
                out.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** SIGKILL, then waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM; waits up to {@code timeout} for the exit code, then kills. Returns the exit code. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
        return process.exitValue();
    }

    /** Its exit code; the process must have ended. */
    public int exitCode() {
        return process.exitValue();
    }

    /** Waits for the process to end by itself; returns its exit code, or empty when the time ran out. */
    public Optional<Integer> waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(process.exitValue()) : Optional.empty();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private void pump(InputStream stream) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (out) {
                    out.add(line);
                    out.notifyAll();
                }
            }
        } catch (IOException e) {
            // The process died: what it printed is kept.
        } finally {
            synchronized (out) {
                outClosed = true;
                out.notifyAll();
            }
        }
    }
}
