package io.captchafleet.sandbox.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.server.config.AbstractKafkaConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka broker (broker and controller in one) running inside this JVM, on
 * loopback, built from Maven Central's Kafka artifacts so nothing has to be installed.
 *
 * <p>It is tuned for one machine: every internal topic has one replica (without that,
 * {@code initTransactions} times out silently), timed-out transactions are aborted within about a
 * second so a killed worker cannot block the results partitions for long, and group heartbeats are
 * short so a rebalance takes about a second.
 *
 * <p>Thread safety: {@link #start} and {@link #close} may be called from any thread; the broker runs
 * on Kafka's own threads.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String LOG_DIR = "kafka-logs";
    private static final String META_PROPERTIES = "meta.properties";
    private static final String PORT_FILE = "broker.port";
    private static final String CONTROLLER_PORT_FILE = "controller.port";
    private static final String ADDRESS_FILE = "broker.address";
    private static final String LOCK_FILE = "broker.lock";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final int NODE_ID = 1;
    /** The second client listener's name, when a proxy is advertised (see {@link BrokerOptions}). */
    private static final String PROXIED_LISTENER = "PROXIED";

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final boolean temporary;
    private final int port;
    private final OptionalInt proxiedListenerPort;
    private final DirectoryLock lock;

    private EmbeddedKafkaBroker(KafkaRaftServer server, Path dataDir, boolean temporary, int port, OptionalInt proxiedListenerPort,
                                DirectoryLock lock) {
        this.server = server;
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.port = port;
        this.proxiedListenerPort = proxiedListenerPort;
        this.lock = lock;
    }

    /**
     * The address of the broker another process is running on {@code dataDir} right now, if any. A
     * {@code local} run leaves it there so operator commands given {@code --state-dir} can reach it.
     */
    public static Optional<String> runningAt(Path dataDir) {
        Path address = dataDir.resolve(ADDRESS_FILE);
        if (!Files.exists(address) || !DirectoryLock.isHeld(dataDir.resolve(LOCK_FILE))) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(address).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Formats the data directory if it is new, starts the broker and waits until it answers.
     *
     * @throws BrokerStartException when the directory cannot be used or the broker does not come up
     */
    public static EmbeddedKafkaBroker start(BrokerOptions options) {
        boolean temporary = options.dataDir().isEmpty();
        Path dataDir;
        try {
            dataDir = temporary ? Files.createTempDirectory("captcha-fleet-kafka-") : options.dataDir().get();
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new BrokerStartException("Cannot create the broker data directory: " + e.getMessage(), e);
        }
        DirectoryLock lock = DirectoryLock.acquire(dataDir.resolve(LOCK_FILE)).orElseThrow(() -> new BrokerStartException(
                "Another captcha-fleet broker is already using " + dataDir
                        + runningAt(dataDir).map(a -> " (at " + a + ")").orElse("") + "; stop it or use another directory", null));
        KafkaRaftServer server;
        int port;
        OptionalInt proxiedPort = OptionalInt.empty();
        try {
            // A restart keeps both ports when it can: the broker's transaction coordinator may still know
            // the old address for a moment, and cannot write the markers that end a dead run's transactions.
            port = choosePort(dataDir, PORT_FILE, options.port());
            int controllerPort = choosePort(dataDir, CONTROLLER_PORT_FILE, 0);
            Files.writeString(dataDir.resolve(CONTROLLER_PORT_FILE), Integer.toString(controllerPort));
            Path logDir = dataDir.resolve(LOG_DIR);
            Properties props = brokerProperties(logDir, port, controllerPort, options.overrides());
            if (options.advertisedProxyPort().isPresent()) {
                proxiedPort = OptionalInt.of(freePort(0));
                addProxiedListener(props, proxiedPort.getAsInt(), options.advertisedProxyPort().getAsInt());
            }
            if (Files.exists(logDir.resolve(META_PROPERTIES))) {
                // A restart: see each class for why.
                HighWatermarkCheckpoint.trustWholeLog(logDir);
                if (UncleanRestart.happened(logDir)) {
                    UncleanRestart.fenceLastRegistration(logDir, NODE_ID, controllerPort);
                }
            } else {
                format(dataDir, props);
            }
            server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
            server.startup();
        } catch (RuntimeException | IOException e) {
            lock.close();
            if (e instanceof BrokerStartException) {
                throw (BrokerStartException) e;
            }
            throw new BrokerStartException("The embedded Kafka broker failed to start on " + dataDir + ": " + e.getMessage(), e);
        }
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, dataDir, temporary, port, proxiedPort, lock);
        try {
            broker.awaitReady();
            Files.writeString(dataDir.resolve(PORT_FILE), Integer.toString(port));
            Files.writeString(dataDir.resolve(ADDRESS_FILE), broker.bootstrapServers());
        } catch (RuntimeException | IOException e) {
            broker.close();
            throw new BrokerStartException("The embedded Kafka broker did not become ready: " + e.getMessage(), e);
        }
        log.info("Embedded Kafka broker ready at {} (data in {})", broker.bootstrapServers(), dataDir);
        return broker;
    }

    /** The address clients connect to, e.g. {@code 127.0.0.1:40123}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /**
     * The port of the second client listener, where a proxy advertised with
     * {@link BrokerOptions.Builder#advertisedProxyPort(int)} forwards to; empty without one.
     */
    public OptionalInt proxiedListenerPort() {
        return proxiedListenerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker cleanly; a temporary data directory is deleted. Safe to call twice. */
    @Override
    public synchronized void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            log.warn("Embedded Kafka broker did not shut down cleanly: {}", e.toString());
        }
        try {
            Files.deleteIfExists(dataDir.resolve(ADDRESS_FILE));
        } catch (IOException e) {
            log.debug("Could not remove {}: {}", ADDRESS_FILE, e.toString());
        }
        lock.close();
        if (temporary) {
            deleteRecursively(dataDir);
        }
    }

    /** Settings that make this a one-node broker on loopback with its data in its directory: never overridden. */
    public static final Set<String> OWN_SETTINGS = Set.of("process.roles", "node.id", "broker.id",
            "controller.quorum.voters", "controller.quorum.bootstrap.servers", "controller.listener.names", "listeners",
            "advertised.listeners", "listener.security.protocol.map", "inter.broker.listener.name", "log.dirs", "log.dir",
            "metadata.log.dir");

    /** Whether {@code key} is one of this broker's own settings (including any {@code listener.name.*} one). */
    public static boolean isOwnSetting(String key) {
        return OWN_SETTINGS.contains(key) || key.startsWith("listener.name.");
    }

    /** Whether {@code key} is a Kafka broker setting at all (a misspelt one would be ignored by the broker). */
    public static boolean isBrokerSetting(String key) {
        return AbstractKafkaConfig.CONFIG_DEF.names().contains(key);
    }

    static Properties brokerProperties(Path logDir, int port, int controllerPort, Map<String, String> overrides) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        // One machine, one replica: every internal topic must say so or transactions never start.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // A killed worker's open transaction must not block the results partitions for long.
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        // Rebalances in about a second, for both group protocols; static members may use short sessions.
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("group.min.session.timeout.ms", "1000");
        p.put("group.consumer.heartbeat.interval.ms", "500");
        p.put("group.consumer.min.heartbeat.interval.ms", "500");
        p.put("group.consumer.session.timeout.ms", "6000");
        p.put("group.consumer.min.session.timeout.ms", "1000");
        // A small cleaner buffer: the default 128 MB fails fatally in small test heaps.
        p.put("log.cleaner.dedupe.buffer.size", Long.toString(8L * 1024 * 1024));
        p.put("log.cleaner.backoff.ms", "1000");
        p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        overrides.forEach(p::put);
        return p;
    }

    /** A second client listener on {@code listenPort}, advertised at the proxy's port (clients through it stay on it). */
    private static void addProxiedListener(Properties p, int listenPort, int advertisedPort) {
        p.put("listeners", p.getProperty("listeners") + "," + PROXIED_LISTENER + "://127.0.0.1:" + listenPort);
        p.put("advertised.listeners", p.getProperty("advertised.listeners") + "," + PROXIED_LISTENER + "://127.0.0.1:" + advertisedPort);
        p.put("listener.security.protocol.map", p.getProperty("listener.security.protocol.map") + "," + PROXIED_LISTENER + ":PLAINTEXT");
    }

    /** Formats a new log directory (a formatted one must not be formatted again: its cluster id would change). */
    private static void format(Path dataDir, Properties props) {
        Path logDir = dataDir.resolve(LOG_DIR);
        Path config = dataDir.resolve("server.properties");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Files.createDirectories(logDir);
            try (var writer = Files.newBufferedWriter(config)) {
                props.store(writer, "captcha-fleet embedded broker");
            }
            int rc = StorageTool.execute(new String[] {
                "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted"},
                new PrintStream(out, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new BrokerStartException("Formatting " + logDir + " failed: " + out.toString(StandardCharsets.UTF_8).strip(), null);
            }
        } catch (IOException e) {
            throw new BrokerStartException("Cannot format " + logDir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof BrokerStartException) {
                throw e;
            }
            throw new BrokerStartException("Formatting " + logDir + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the broker answers and, after a restart on existing data, until every partition has
     * its leader again (log recovery may take a moment): a client that arrives earlier would see a
     * topic whose offsets it cannot read yet.
     */
    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis()))) {
            admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            while (!allPartitionsLed(admin)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("partitions still without a leader after " + READY_TIMEOUT.toSeconds() + " s");
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no answer from " + bootstrapServers() + " within " + READY_TIMEOUT.toSeconds() + " s", e);
        }
    }

    private static boolean allPartitionsLed(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                .get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (topics.isEmpty()) {
            return true;
        }
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                .get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return described.values().stream().flatMap(d -> d.partitions().stream()).allMatch(p -> p.leader() != null);
    }

    /** The port asked for; else the one this directory used before, if free; else any free port. */
    private static int choosePort(Path dataDir, String file, int requested) {
        if (requested != 0) {
            return requested;
        }
        Path portFile = dataDir.resolve(file);
        if (Files.exists(portFile)) {
            try {
                int previous = Integer.parseInt(Files.readString(portFile).strip());
                if (isFree(previous)) {
                    return previous;
                }
            } catch (IOException | NumberFormatException e) {
                log.debug("Ignoring unreadable {}: {}", portFile, e.toString());
            }
        }
        return freePort(0);
    }

    private static boolean isFree(int port) {
        // Reuse must be set before binding, or a port a killed broker left in TIME_WAIT looks taken.
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort(int preferred) {
        try (ServerSocket s = new ServerSocket(preferred, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", dir, e.toString());
        }
    }
}
