package io.captchafleet.sandbox.simulator.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.captchafleet.sandbox.simulator.Faults;
import io.captchafleet.sandbox.simulator.Pingbacks;
import io.captchafleet.sandbox.simulator.ReportCounts;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SimulatorStats;
import io.captchafleet.sandbox.simulator.TaskStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running simulator: the JDK's {@link HttpServer} on its settings' address (loopback by default) with a fixed pool of HTTP threads,
 * one scheduler thread for slow replies, and the {@link Simulation} they serve. Public only so that
 * {@link io.captchafleet.sandbox.simulator.SolverSimulator} can start it; use that class instead.
 * Thread-safe; {@link #close()} is idempotent and releases the state directory, if any.
 */
public final class SimulatorServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SimulatorServer.class);
    /** Room for the connection bursts of a load test: the JDK's default backlog is small. */
    private static final int BACKLOG = 1024;

    private final Simulation simulation;
    private final HttpServer server;
    private final ExecutorService httpThreads;
    private final ScheduledExecutorService slowReplies;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SimulatorServer(Simulation simulation, HttpServer server, ExecutorService httpThreads, ScheduledExecutorService slowReplies) {
        this.simulation = simulation;
        this.server = server;
        this.httpThreads = httpThreads;
        this.slowReplies = slowReplies;
    }

    /**
     * Binds and starts serving.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static SimulatorServer start(SimulatorSettings settings) {
        // Small answers on kept-alive connections must not wait for Nagle's algorithm (40 ms per request on Linux).
        // Read once, when the JDK's server first loads its configuration.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        Simulation simulation = new Simulation(settings);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(settings.host()), settings.port()), BACKLOG);
        } catch (IOException e) {
            simulation.close();
            throw new UncheckedIOException("Could not listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
        ExecutorService httpThreads = Executors.newFixedThreadPool(settings.httpThreads(), daemonThreads("solver-simulator-http-"));
        ScheduledThreadPoolExecutor slowReplies = new ScheduledThreadPoolExecutor(1, daemonThreads("solver-simulator-slow-replies-"));
        slowReplies.setRemoveOnCancelPolicy(true);
        server.setExecutor(httpThreads);
        server.createContext("/", new Router(simulation, new Responder(slowReplies), settings.slowDelay()));
        server.start();
        log.info("Solver simulator on {}:{} (latency {}, faults {}, seed {}{})", settings.host(), server.getAddress().getPort(),
                settings.latency(), settings.faults(), settings.seed(),
                settings.stateDir().map(dir -> "; state in " + dir.toAbsolutePath() + ", " + simulation.stats().acceptedSubmits()
                        + " billed submits remembered").orElse(""));
        return new SimulatorServer(simulation, server, httpThreads, slowReplies);
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public SimulatorStats stats() {
        return simulation.stats();
    }

    public Map<String, TaskStats> taskStats() {
        return simulation.taskStats();
    }

    public Map<String, ReportCounts> reports() {
        return simulation.reports();
    }

    public void refill(long submits) {
        simulation.refill(submits);
    }

    public void setFaults(Faults faults) {
        simulation.setFaults(faults);
    }

    public void setKey(String key) {
        simulation.setKey(key);
    }

    public void setPingbacks(Pingbacks p) {
        simulation.setPingbacks(p);
    }

    public Optional<Instant> readyAt(String solverId) {
        return simulation.readyAt(solverId);
    }

    /** Stops at once: open exchanges and pending slow replies are abandoned (their clients see the connection close). */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        server.stop(0);
        slowReplies.shutdownNow();
        httpThreads.shutdown();
        try {
            if (!httpThreads.awaitTermination(5, TimeUnit.SECONDS)) {
                httpThreads.shutdownNow();
                log.warn("Solver simulator: HTTP threads still busy 5 s after close; interrupted them");
            }
        } catch (InterruptedException e) {
            httpThreads.shutdownNow();
            Thread.currentThread().interrupt();
        }
        simulation.close();
    }
}
