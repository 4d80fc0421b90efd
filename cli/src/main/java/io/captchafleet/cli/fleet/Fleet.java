package io.captchafleet.cli.fleet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.captchafleet.common.topics.RetryTier;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.sandbox.simulator.SolverSimulator;

/**
 * A fleet on this machine: the broker as its own process, the solver simulator in this JVM, the topics,
 * and worker processes added on demand. Everything it started is stopped by {@link #close()}; the
 * children also end with this JVM ({@code --die-with-parent}). Driven by one thread.
 */
public final class Fleet implements AutoCloseable {
    /** The key every worker sends; the simulator accepts any key. */
    public static final String API_KEY = "harness-api-key";

    private final Path workDir;
    private final FleetSettings settings;
    private final JarLauncher launcher;
    private final BrokerNode broker;
    private final SolverSimulator simulator;
    private final TopicLayout layout;
    private final FleetKafka kafka;
    private final List<WorkerNode> workers = new ArrayList<>();

    private Fleet(Path workDir, FleetSettings settings, JarLauncher launcher, BrokerNode broker, SolverSimulator simulator) {
        this.workDir = workDir;
        this.settings = settings;
        this.launcher = launcher;
        this.broker = broker;
        this.simulator = simulator;
        this.layout = new TopicLayout(TopicLayout.DEFAULT_PREFIX, RetryTier.parseList(settings.retryTiers(), "--retry-tiers"));
        this.kafka = new FleetKafka(broker.bootstrapServers(), layout);
    }

    /** Starts the broker process (data in {@code workDir/broker}) and the simulator, and creates the topics. */
    public static Fleet start(Path workDir, FleetSettings settings) throws InterruptedException {
        JarLauncher launcher = JarLauncher.locate(workDir.resolve("logs"));
        BrokerNode broker = BrokerNode.start(launcher, workDir.resolve("broker"), settings.brokerJvm(), settings.brokerConfig());
        Fleet fleet = new Fleet(workDir, settings, launcher, broker, SolverSimulator.start(settings.simulator()));
        fleet.kafka.createTopics(settings.partitions());
        return fleet;
    }

    public BrokerNode broker() {
        return broker;
    }

    public SolverSimulator simulator() {
        return simulator;
    }

    public FleetKafka kafka() {
        return kafka;
    }

    public FleetSettings settings() {
        return settings;
    }

    public JarLauncher launcher() {
        return launcher;
    }

    public List<WorkerNode> workers() {
        return List.copyOf(workers);
    }

    /** Starts a worker process with the fleet's worker flags (as given) and waits for its banner. */
    public WorkerNode startWorker(String instanceId) throws InterruptedException {
        return startWorker(instanceId, Map.of());
    }

    /** Starts a worker process; {@code flags} replace or add to the fleet's worker flags. */
    public WorkerNode startWorker(String instanceId, Map<String, String> flags) throws InterruptedException {
        WorkerNode w = worker(instanceId, flags);
        w.launch();
        return w.awaitStarted();
    }

    private WorkerNode worker(String instanceId, Map<String, String> flags) {
        List<String> args = kafkaArgs();
        args.addAll(List.of("--provider", "custom", "--solver-url", simulator.baseUrl().toString()));
        args.addAll(settings.workerArgs(flags));
        WorkerNode w = new WorkerNode(launcher, instanceId, args, Map.of("CAPTCHA_API_KEY", API_KEY), settings.workerJvm());
        workers.add(w);
        return w;
    }

    /** The flags that point a command at this fleet's cluster and topics. */
    public List<String> kafkaArgs() {
        return new ArrayList<>(List.of("--bootstrap-servers", broker.bootstrapServers(), "--topic-prefix", layout.prefix(),
                "--retry-tiers", settings.retryTiers()));
    }

    /**
     * Runs an operator command ({@code resume}, {@code status}, …) against this fleet as its own process,
     * to its end; returns the finished process (exit code, output).
     *
     * @throws IllegalStateException when it does not end within {@code timeout}
     */
    public ChildProcess runCommand(Duration timeout, String command, String... args) throws InterruptedException {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(kafkaArgs());
        all.addAll(List.of(args));
        ChildProcess p = launcher.start(command, List.of("-Xmx256m"), Map.of(), all);
        if (p.waitFor(timeout).isEmpty()) {
            p.kill();
            throw new IllegalStateException("captcha-fleet " + command + " did not end within " + timeout.toSeconds() + " s; log: " + p.log());
        }
        return p;
    }

    /** Starts {@code n} workers {@code <prefix>-1} … {@code <prefix>-n} side by side and waits until all are up. */
    public List<WorkerNode> startWorkers(String prefix, int n, Map<String, String> flags) throws InterruptedException {
        List<WorkerNode> started = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            WorkerNode w = worker(prefix + "-" + i, flags);
            w.launch();
            started.add(w);
        }
        for (WorkerNode w : started) {
            w.awaitStarted();
        }
        return started;
    }

    /** Writes a task file of {@code n} tasks for {@code batch} into the work folder. */
    public Path taskFile(String batch, long n) {
        return TaskLines.write(workDir.resolve(batch + ".jsonl"), batch, n);
    }

    /** Submits {@code n} generated tasks as {@code batch}. */
    public void submit(String batch, long n) {
        kafka.submit(taskFile(batch, n), batch);
    }

    @Override
    public void close() throws InterruptedException {
        for (WorkerNode w : workers) {
            w.close();
        }
        broker.close();
        simulator.close();
    }
}
