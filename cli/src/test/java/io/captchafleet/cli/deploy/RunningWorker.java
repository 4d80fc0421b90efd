package io.captchafleet.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.captchafleet.cli.CommandModel;
import io.captchafleet.cli.TestJvm;
import io.captchafleet.sandbox.simulator.Faults;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SolverSimulator;

/**
 * A real {@code captcha-fleet worker} in its own JVM, configured only through {@code CAPTCHA_FLEET_*}
 * variables as a container would be, against a real broker and the solver simulator. The simulator
 * answers some submits with no slot and some tasks as unsolvable, so a run exercises retry tiers,
 * API errors and failures as well as solves. Closing it sends SIGTERM and waits for the clean stop.
 */
final class RunningWorker implements AutoCloseable {
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    private final SolverSimulator simulator;
    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningWorker(SolverSimulator simulator, Process process, int port, Path log) {
        this.simulator = simulator;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Creates the topics, starts the simulator and a worker process, and submits {@code tasks} tasks. */
    static RunningWorker start(String bootstrapServers, String prefix, int tasks, Path dir) throws IOException {
        Map<String, String> kafka = Map.of("CAPTCHA_FLEET_BOOTSTRAP_SERVERS", bootstrapServers, "CAPTCHA_FLEET_TOPIC_PREFIX", prefix,
                "CAPTCHA_FLEET_RETRY_TIERS", "200ms,400ms,800ms,1600ms,3200ms");
        Map<String, String> topicsEnv = new LinkedHashMap<>(kafka);
        topicsEnv.put("CAPTCHA_FLEET_PARTITIONS", "2");
        Map.Entry<Integer, String> topics = CommandModel.run(topicsEnv, "topics", "create");
        assertThat(topics.getKey()).as(topics.getValue()).isZero();

        SolverSimulator simulator = SolverSimulator.start(SimulatorSettings.builder().latency(Latency.fixed(Duration.ofMillis(100)))
                .faults(Faults.parse("no-slot=0.3,unsolvable=0.2")).seed(7).build());
        int port = freePort();
        Map<String, String> env = new LinkedHashMap<>(kafka);
        env.put("CAPTCHA_FLEET_WORKER_PROVIDER", "custom");
        env.put("CAPTCHA_FLEET_WORKER_SOLVER_URL", simulator.baseUrl().toString());
        env.put("CAPTCHA_API_KEY", "deploy-test-key");
        env.put("CAPTCHA_FLEET_WORKER_INSTANCE_ID", "deploy-scrape-1");
        env.put("CAPTCHA_FLEET_WORKER_METRICS_HOST", "127.0.0.1");
        env.put("CAPTCHA_FLEET_WORKER_METRICS_PORT", Integer.toString(port));
        env.put("CAPTCHA_FLEET_WORKER_POLL_INITIAL_DELAY", "300ms");
        env.put("CAPTCHA_FLEET_WORKER_POLL_INTERVAL", "300ms");
        env.put("CAPTCHA_FLEET_WORKER_SUBMIT_TIMEOUT", "5s");
        env.put("CAPTCHA_FLEET_WORKER_COMMIT_INTERVAL_MS", "100");
        env.put("CAPTCHA_FLEET_WORKER_SESSION_TIMEOUT", "6s");
        env.put("CAPTCHA_FLEET_WORKER_TRANSACTION_TIMEOUT", "6s");
        env.put("CAPTCHA_FLEET_WORKER_SHUTDOWN_TIMEOUT", SHUTDOWN_TIMEOUT.toSeconds() + "s");
        RunningWorker worker;
        try {
            Path log = dir.resolve("worker.log");
            worker = new RunningWorker(simulator, startWorker(env, log), port, log);
        } catch (IOException | RuntimeException e) {
            simulator.close();
            throw e;
        }
        Path file = dir.resolve("deploy-tasks.jsonl");
        Files.writeString(file, IntStream.rangeClosed(1, tasks)
                .mapToObj(i -> "{\"method\":\"userrecaptcha\",\"sitekey\":\"6Le-deploy\",\"pageurl\":\"https://example.test/deploy/" + i + "\"}")
                .collect(Collectors.joining("\n", "", "\n")));
        Map.Entry<Integer, String> submit = CommandModel.run(kafka, "submit", file.toString(), "--batch", "deploy");
        assertThat(submit.getKey()).as(submit.getValue()).isZero();
        return worker;
    }

    /** Output goes to a file: {@code Process.destroy()} closes the pipes, and the stop's log lines would be lost. */
    private static Process startWorker(Map<String, String> env, Path log) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                TestJvm.QUICK_START, "-Xmx384m", "-Dlogback.configurationFile=logback.xml", "-cp", classpath, "io.captchafleet.cli.Main",
                "worker", "--die-with-parent"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("CAPTCHA_"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    /** Waits until every submitted task has an outcome and at least one went through a retry tier. */
    void awaitTasksFinishedWithARetry(int tasks, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(500)).ignoreExceptionsInstanceOf(IOException.class).untilAsserted(() -> {
            assertThat(process.isAlive()).as("worker process alive; its output:\n%s", String.join("\n", output())).isTrue();
            String metrics = get("/metrics").body();
            assertThat(sum(metrics, "captcha_fleet_tasks_finished_total")).isEqualTo(tasks);
            assertThat(sum(metrics, "captcha_fleet_retries_total")).isPositive();
        });
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The names of every series a scrape shows, as served ({@code _bucket}, {@code _total} included). */
    static Set<String> seriesNames(String exposition) {
        return exposition.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The sum of every series of one name in a scrape. */
    static double sum(String exposition, String name) {
        return exposition.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** What the worker printed so far (stdout and the log on stderr). */
    List<String> output() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }

    /** Sends SIGTERM, as {@code docker stop} and Kubernetes do, and returns the exit code and how long the stop took. */
    Map.Entry<Integer, Duration> terminate(Duration atMost) throws InterruptedException {
        long start = System.nanoTime();
        process.destroy();
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return Map.entry(-1, atMost);
        }
        return Map.entry(process.exitValue(), Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                terminate(SHUTDOWN_TIMEOUT.plusSeconds(10));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            simulator.close();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
