package io.captchafleet.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import io.captchafleet.common.InputException;
import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.common.errors.ErrorClassifier;
import io.captchafleet.common.metrics.MetricsSetup;
import io.captchafleet.sandbox.broker.BrokerOptions;
import io.captchafleet.sandbox.broker.BrokerStartException;
import io.captchafleet.sandbox.broker.EmbeddedKafkaBroker;
import io.captchafleet.sandbox.simulator.InvalidSettingException;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SimulatorStats;
import io.captchafleet.sandbox.simulator.SolverSimulator;
import io.captchafleet.worker.WorkerProcess;
import io.captchafleet.worker.WorkerSettings;
import io.captchafleet.worker.solver.SolverSettings;
import io.micrometer.core.instrument.Tag;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.CommonClientConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code local} runs in its one process: the embedded broker on the state directory, the
 * simulator when there is no key, and the workers with their solver client. The start-up overlaps what
 * does not wait for anything else: the simulator starts beside the broker, the workers join the group
 * beside the submit. Closed in the reverse order of starting, each part bounded by its own time-out.
 * Used from the command's thread; the parts started in the background register themselves under this
 * object's lock.
 */
final class LocalFleet implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalFleet.class);
    private final Deque<AutoCloseable> started = new ArrayDeque<>(); // guarded by this
    private final EmbeddedKafkaBroker broker;
    private final PrometheusMeterRegistry registry;
    private final SolverSimulator simulator;
    private Background<WorkerProcess> workers; // command thread only

    private LocalFleet(EmbeddedKafkaBroker broker, PrometheusMeterRegistry registry, SolverSimulator simulator) {
        this.broker = broker;
        this.registry = registry;
        this.simulator = simulator;
        started.push(broker);
        if (simulator != null) {
            started.push(simulator);
        }
    }

    /**
     * Starts the embedded broker on the state directory (a restarted run finds its topics and offsets there) and,
     * given its settings, the simulator on another thread meanwhile (it keeps its tasks in the state directory too,
     * under a lock of its own).
     *
     * @throws InputException when the state directory cannot be used by the broker or the simulator
     */
    static LocalFleet start(Path stateDir, String instanceBase, Optional<SimulatorSettings> simulatorSettings) {
        Background<SolverSimulator> simulator = Background.start("local-simulator",
                () -> simulatorSettings.map(SolverSimulator::start).orElse(null));
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(BrokerOptions.builder().dataDir(stateDir).build());
        } catch (BrokerStartException e) {
            simulator.close(); // the broker's reason is the one to tell
            closeQuietly(simulator.now());
            throw new InputException("Invalid value " + stateDir + " for --state-dir: " + e.getMessage(), e);
        }
        SolverSimulator sim;
        try {
            sim = simulator.result();
        } catch (InvalidSettingException e) {
            broker.close();
            throw new InputException("Invalid value " + e.value() + " for --state-dir: " + e.reason(), e);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return new LocalFleet(broker, MetricsSetup.prometheus(List.of(Tag.of("instance", instanceBase))), sim);
    }

    /**
     * The clients' settings for the embedded broker. A fresh broker creates its internal topics and its leaders in its
     * first second, and every client that asks meanwhile is told "not ready"; on loopback asking again costs nothing,
     * so they ask again within 100 ms instead of Kafka's back-off growing to a second.
     */
    KafkaSettings kafka() {
        return KafkaSettings.of(broker.bootstrapServers()).withDefault(CommonClientConfigs.RETRY_BACKOFF_MAX_MS_CONFIG, 100);
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The simulator, when it solves. */
    Optional<SolverSimulator> simulator() {
        return Optional.ofNullable(simulator);
    }

    /** The simulator's counters, when it solves. */
    Optional<SimulatorStats> simulatorStats() {
        return simulator().map(SolverSimulator::stats);
    }

    /**
     * Starts the workers and their solver on another thread (the process owns the solver and stops it with them): they
     * join the group and restore their partitions while the command goes on; {@link #workers()} waits for them.
     */
    void startWorkers(WorkerSettings settings, int count, SolverSettings solver, ErrorClassifier classifier,
                      io.captchafleet.worker.kafka.KafkaClients clients, int metricsPort) {
        workers = Background.start("local-workers", () -> {
            WorkerProcess p = WorkerProcess.start(new WorkerProcess.Options(settings, count, solver, classifier, clients, registry,
                    "127.0.0.1", metricsPort, Clock.systemUTC()));
            synchronized (this) {
                started.push(p);
            }
            return p;
        });
    }

    /** The workers {@link #startWorkers} started, once they are; their start-up's failure is thrown here. */
    WorkerProcess workers() {
        return workers.result();
    }

    /** Stops the workers (gracefully, in parallel) and leaves the rest running, e.g. to export results. */
    void stopWorkers() {
        WorkerProcess p = workers();
        boolean mine;
        synchronized (this) {
            mine = started.remove(p);
        }
        if (mine) {
            p.close();
        }
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.close(); // workers still starting are waited for (bounded), so that they are stopped too
        }
        while (true) {
            AutoCloseable c;
            synchronized (this) {
                c = started.poll();
            }
            if (c == null) {
                return;
            }
            closeQuietly(c);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            log.warn("Could not stop {} cleanly: {}", c.getClass().getSimpleName(), e.toString());
        }
    }
}
