package io.captchafleet.cli.fleet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        BrokerNode broker = BrokerNode.start(launcher, workDir.resolve("broker"), settings.brokerJvm());
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
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", broker.bootstrapServers(), "--topic-prefix", layout.prefix(),
                "--retry-tiers", settings.retryTiers(), "--provider", "custom", "--solver-url", simulator.baseUrl().toString()));
        args.addAll(settings.workerArgs(flags));
        WorkerNode w = new WorkerNode(launcher, instanceId, args, Map.of("CAPTCHA_API_KEY", API_KEY), settings.workerJvm());
        workers.add(w);
        return w.start();
    }

    /** Starts {@code n} workers {@code <prefix>-1} … {@code <prefix>-n}. */
    public List<WorkerNode> startWorkers(String prefix, int n, Map<String, String> flags) throws InterruptedException {
        List<WorkerNode> started = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            started.add(startWorker(prefix + "-" + i, new LinkedHashMap<>(flags)));
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
