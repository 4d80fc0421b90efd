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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code local} runs in its one process: the embedded broker on the state directory, the
 * simulator when there is no key, and the workers with their solver client. Closed in the reverse order of
 * starting, each part bounded by its own time-out. Used from the command's thread.
 */
final class LocalFleet implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalFleet.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final EmbeddedKafkaBroker broker;
    private final PrometheusMeterRegistry registry;
    private SolverSimulator simulator;
    private WorkerProcess workers;

    private LocalFleet(EmbeddedKafkaBroker broker, PrometheusMeterRegistry registry) {
        this.broker = broker;
        this.registry = registry;
        started.push(broker);
    }

    /** Starts the embedded broker on the state directory (a restarted run finds its topics and offsets there). */
    static LocalFleet start(Path stateDir, String instanceBase) {
        try {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.builder().dataDir(stateDir).build());
            return new LocalFleet(broker, MetricsSetup.prometheus(List.of(Tag.of("instance", instanceBase))));
        } catch (BrokerStartException e) {
            throw new InputException("Invalid value " + stateDir + " for --state-dir: " + e.getMessage(), e);
        }
    }

    KafkaSettings kafka() {
        return KafkaSettings.of(broker.bootstrapServers());
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The simulator's counters, when it solves. */
    Optional<SimulatorStats> simulatorStats() {
        return Optional.ofNullable(simulator).map(SolverSimulator::stats);
    }

    /** @throws InputException when the simulator's state in the state directory cannot be read */
    SolverSimulator startSimulator(SimulatorSettings settings) {
        try {
            simulator = SolverSimulator.start(settings);
        } catch (InvalidSettingException e) {
            throw new InputException("Invalid value " + e.value() + " for --state-dir: " + e.reason(), e);
        }
        started.push(simulator);
        return simulator;
    }

    /** Starts the workers and their solver (the process owns the solver and stops it with them). */
    WorkerProcess startWorkers(WorkerSettings settings, int count, SolverSettings solver, ErrorClassifier classifier,
                               io.captchafleet.worker.kafka.KafkaClients clients, int metricsPort) {
        workers = WorkerProcess.start(new WorkerProcess.Options(settings, count, solver, classifier, clients, registry,
                "127.0.0.1", metricsPort, Clock.systemUTC()));
        started.push(workers);
        return workers;
    }

    /** Stops the workers (gracefully, in parallel) and leaves the rest running, e.g. to export results. */
    void stopWorkers() {
        if (workers != null && started.remove(workers)) {
            workers.close();
        }
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("Could not stop {} cleanly: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
