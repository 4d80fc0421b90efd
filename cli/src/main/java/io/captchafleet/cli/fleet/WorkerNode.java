package io.captchafleet.cli.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code captcha-fleet worker} process with a fixed instance id: started, SIGKILLed and restarted
 * under the same id (static membership: back within the session time-out it rejoins without a
 * rebalance), its {@code /metrics} scraped on the port it reports. Driven by one thread.
 */
public final class WorkerNode implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final JarLauncher launcher;
    private final String instanceId;
    private final List<String> args;
    private final Map<String, String> env;
    private final List<String> jvmOptions;
    private ChildProcess process;
    private int metricsPort = -1;
    private int starts;

    WorkerNode(JarLauncher launcher, String instanceId, List<String> args, Map<String, String> env, List<String> jvmOptions) {
        this.launcher = launcher;
        this.instanceId = instanceId;
        this.args = List.copyOf(args);
        this.env = Map.copyOf(env);
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    public String instanceId() {
        return instanceId;
    }

    public ChildProcess process() {
        return process;
    }

    /** How often it was started (1 + restarts). */
    public int starts() {
        return starts;
    }

    /** Starts the process and waits for its banner (its loop and metrics port are up then). */
    public WorkerNode start() throws InterruptedException {
        launch();
        return awaitStarted();
    }

    /** Starts the process without waiting; {@link #awaitStarted()} waits for its banner. */
    void launch() {
        List<String> command = new ArrayList<>(List.of("worker", "--instance-id", instanceId, "--metrics-host", "127.0.0.1",
                "--die-with-parent"));
        if (!args.contains("--metrics-port")) {
            command.addAll(List.of("--metrics-port", "0")); // any free port, read back from the banner
        }
        command.addAll(args);
        process = launcher.start("worker-" + instanceId, jvmOptions, env, command);
        starts++;
    }

    /** Waits for the banner of the process {@link #launch()} started; reads its metrics port from it. */
    WorkerNode awaitStarted() throws InterruptedException {
        String banner = process.awaitLine("Worker " + instanceId + " running", START_TIMEOUT);
        int at = banner.indexOf("metrics on port ");
        metricsPort = at < 0 ? -1 : Integer.parseInt(banner.substring(at + "metrics on port ".length()).strip());
        return this;
    }

    /** SIGKILL. */
    public void kill() throws InterruptedException {
        process.kill();
    }

    /** SIGKILL, then a new process under the same instance id. */
    public void killAndRestart() throws InterruptedException {
        kill();
        start();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The current process's {@code /metrics}, or empty when it does not answer. */
    public Optional<MetricsText> metrics() {
        if (metricsPort < 0 || !isAlive()) {
            return Optional.empty();
        }
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(MetricsText.parse(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Whether its {@code captcha_fleet_halted} gauge says halted. */
    public boolean halted() {
        return metrics().map(m -> m.sum("captcha_fleet_halted") >= 1).orElse(false);
    }

    /** SIGTERM and wait for the clean stop. */
    public int stop(Duration timeout) throws InterruptedException {
        return process.terminate(timeout);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.close();
        }
    }

}
