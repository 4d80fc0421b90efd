package io.captchafleet.cli.fleet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code captcha-fleet broker} as its own process on a data directory. After the first start its port is
 * fixed, so a {@link #restart()} after a {@link #kill()} comes back at the same address with the same data
 * and settings.
 * Driven by one thread.
 */
public final class BrokerNode implements AutoCloseable {
    private static final String READY = "Kafka broker ready at ";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final JarLauncher launcher;
    private final Path dataDir;
    private final List<String> jvmOptions;
    private final Map<String, String> config;
    private String address;
    private ChildProcess process;

    private BrokerNode(JarLauncher launcher, Path dataDir, List<String> jvmOptions, Map<String, String> config) {
        this.launcher = launcher;
        this.dataDir = dataDir;
        this.jvmOptions = jvmOptions;
        this.config = config;
    }

    /** Starts a broker on a free port with these Kafka settings, and waits until it is ready. */
    public static BrokerNode start(JarLauncher launcher, Path dataDir, List<String> jvmOptions, Map<String, String> config)
            throws InterruptedException {
        BrokerNode node = new BrokerNode(launcher, dataDir, jvmOptions, config);
        node.launch(0);
        return node;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String bootstrapServers() {
        return address;
    }

    public ChildProcess process() {
        return process;
    }

    /** SIGKILL: no clean shutdown, whatever is not on disk yet is lost as in a power cut of the process. */
    public void kill() throws InterruptedException {
        process.kill();
    }

    /** Starts it again on the same data directory and port; waits until it is ready. */
    public void restart() throws InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException("The broker is still running");
        }
        launch(Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
    }

    private void launch(int port) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of("broker", "--data-dir", dataDir.toString(), "--port", Integer.toString(port),
                "--die-with-parent"));
        config.forEach((key, value) -> args.addAll(List.of("--config", key + "=" + value)));
        process = launcher.start("broker", jvmOptions, Map.of(), args);
        String line = process.awaitLine(READY, START_TIMEOUT);
        address = line.substring(READY.length(), line.indexOf(' ', READY.length()));
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.terminate(Duration.ofSeconds(30));
        }
    }
}
