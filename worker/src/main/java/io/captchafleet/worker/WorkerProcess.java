package io.captchafleet.worker;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.captchafleet.common.InputException;
import io.captchafleet.common.errors.ErrorClassifier;
import io.captchafleet.common.fleet.FleetState;
import io.captchafleet.worker.halt.FleetEventPublisher;
import io.captchafleet.worker.halt.HaltState;
import io.captchafleet.worker.halt.HaltWatcher;
import io.captchafleet.worker.http.StatusServer;
import io.captchafleet.worker.kafka.KafkaClients;
import io.captchafleet.worker.pingback.PingbackService;
import io.captchafleet.worker.solver.Pingback;
import io.captchafleet.worker.solver.Solver;
import io.captchafleet.worker.solver.SolverSettings;
import io.captchafleet.worker.solver.Solvers;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process's share of the fleet: N workers (group members) sharing one solver (one account, one
 * submit gate), one {@link HaltState} fed by one halt watcher, one fleet-event publisher and one HTTP port
 * for metrics and probes, which with {@code --pingback-url} also receives the provider's callbacks (a
 * {@link PingbackService} publishes them and applies those of this process's solver ids). {@code captcha-fleet
 * worker} runs one worker per process; {@code local} runs several. The process owns its solver and closes it.
 * Thread-safe lifecycle.
 */
public final class WorkerProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerProcess.class);

    private final Solver solver;
    private final HaltState halt;
    private final HaltWatcher watcher;
    private final FleetEventPublisher publisher;
    private final List<Worker> workers;
    private final PingbackService pingbacks;
    private volatile StatusServer status;

    private WorkerProcess(Solver solver, HaltState halt, HaltWatcher watcher, FleetEventPublisher publisher, List<Worker> workers,
                          PingbackService pingbacks) {
        this.solver = solver;
        this.halt = halt;
        this.watcher = watcher;
        this.publisher = publisher;
        this.workers = workers;
        this.pingbacks = pingbacks;
    }

    /** How to start a process's workers. */
    public record Options(
            WorkerSettings worker,
            int workerCount,
            SolverSettings solver,
            ErrorClassifier classifier,
            KafkaClients clients,
            PrometheusMeterRegistry registry,
            String metricsHost,
            int metricsPort,
            Clock clock) {
    }

    /**
     * Starts the fleet-event publisher, the halt state and its watcher, the solver, the workers and the
     * HTTP port. With one worker it uses the instance id as given; with several, {@code <id>-1} …
     * {@code <id>-N} (static membership needs them distinct). A metrics port below 0 serves no HTTP at all.
     */
    public static WorkerProcess start(Options o) {
        String id = o.worker().instanceId();
        if (o.solver().pingback().isPresent() && o.metricsPort() < 0) {
            throw new InputException("--pingback-url needs the worker's HTTP port, which serves the callbacks: give --metrics-port"
                    + " (the port the URL reaches)");
        }
        FleetEventPublisher publisher = new FleetEventPublisher(o.worker().kafka(), o.worker().layout().fatalErrors(), o.clients(), id);
        HaltState halt = new HaltState(id, publisher::publish, o.clock());
        Solver solver = Solvers.create(o.solver(), o.registry(), halt);
        HaltWatcher watcher = new HaltWatcher(o.worker().kafka(), o.worker().layout().fatalErrors(), o.clients(), halt).start();
        Gauge.builder("captcha_fleet.halted", () -> halt.halted() ? 1 : 0)
                .description("1 while the fleet is halted (or its state is not read yet)").register(o.registry());
        List<Worker> workers = new ArrayList<>();
        for (int i = 1; i <= o.workerCount(); i++) {
            WorkerSettings s = o.workerCount() == 1 ? o.worker() : o.worker().withInstanceId(id + "-" + i);
            workers.add(new Worker(s, solver, o.classifier(), halt, o.clients(), o.registry(), o.clock()).start());
        }
        PingbackService pingbacks = o.solver().pingback().map(p -> PingbackService.start(p, o.worker().kafka(), o.worker().layout(),
                o.clients(), solver, id, o.clock(), o.registry())).orElse(null);
        WorkerProcess process = new WorkerProcess(solver, halt, watcher, publisher, List.copyOf(workers), pingbacks);
        if (o.metricsPort() >= 0) {
            process.status = StatusServer.start(o.metricsHost(), o.metricsPort(), o.registry(), process::healthProblem,
                    process::readinessProblem, pingbacks == null ? Map.of() : Map.of(Pingback.PATH, pingbacks.handler()));
        }
        return process;
    }

    public List<Worker> workers() {
        return workers;
    }

    public Solver solver() {
        return solver;
    }

    /** The fleet's state as this process last read it. */
    public FleetState fleetState() {
        return halt.fleet();
    }

    /** Whether the fleet is halted as this process sees it (the fleet's state, or its own fatal answer). */
    public boolean halted() {
        return halt.halted();
    }

    /**
     * Whether the fleet is halted as this process has read it: {@link #halted()}, but not while the process holds only
     * because its watcher has not read the fleet's state yet (its start) or cannot follow it for a moment. A command that
     * ends on a halt asks this, or a fast start would look like a halt.
     */
    public boolean haltedByTheFleet() {
        return halt.followed() && halt.halted();
    }

    /** Why, while it is halted. */
    public Optional<String> haltReason() {
        return halt.reason();
    }

    /** Work the workers still have in hand; while halted, zero means every paid task is polled and recorded. */
    public int unsettledWork() {
        return workers.stream().mapToInt(Worker::unsettledWork).sum();
    }

    /**
     * Whether the process's workers have stopped short of {@code batch} at its spend cap: some hold its tasks back at
     * the cap, and none has anything of any batch to submit, poll or commit, or a verdict to report.
     */
    public boolean stoppedAtSpendCap(String batch) {
        boolean held = workers.stream().anyMatch(w -> w.heldAtSpendCap().contains(batch));
        return held && workers.stream().allMatch(w -> w.ready() && w.unsettledWork() == 0 && w.queuedTasks() == 0);
    }

    /** Verdicts the workers are reporting now. */
    public int reportsInProgress() {
        return workers.stream().mapToInt(Worker::reportsInProgress).sum();
    }

    /** The account balance as last seen, if seen. */
    public Optional<io.captchafleet.worker.solver.Balance> lastBalance() {
        return solver.lastBalance();
    }

    /** The HTTP port serving /metrics, /health and /ready, if any. */
    public Optional<Integer> statusPort() {
        return Optional.ofNullable(status).map(StatusServer::port);
    }

    /** Null when every worker's loop runs, else why not. */
    public String healthProblem() {
        for (Worker w : workers) {
            if (!w.healthy()) {
                Throwable f = w.failure();
                return "worker " + w.instanceId() + " is not running" + (f == null ? "" : ": " + f.getMessage());
            }
        }
        return null;
    }

    /** Null when every worker follows the fleet state and has restored its partitions, else why not. */
    public String readinessProblem() {
        String health = healthProblem();
        if (health != null) {
            return health;
        }
        for (Worker w : workers) {
            String why = w.notReadyBecause();
            if (why != null) {
                return "worker " + w.instanceId() + ": " + why;
            }
        }
        return null;
    }

    /** The first worker failure, if a worker loop stopped by failing. */
    public Optional<Throwable> failure() {
        return workers.stream().map(Worker::failure).filter(f -> f != null).findFirst();
    }

    /**
     * Graceful stop of every worker (in parallel, each bounded by --shutdown-timeout), then the shared
     * parts: the watcher, the solver, the publisher, the HTTP port.
     */
    @Override
    public void close() {
        CompletableFuture.allOf(workers.stream().map(w -> CompletableFuture.runAsync(w::close)).toArray(CompletableFuture[]::new))
                .join();
        if (status != null) {
            status.close(); // no callback comes in once the workers are gone
        }
        if (pingbacks != null) {
            pingbacks.close();
        }
        watcher.close();
        solver.close();
        publisher.close();
        log.info("Worker process stopped");
    }
}
