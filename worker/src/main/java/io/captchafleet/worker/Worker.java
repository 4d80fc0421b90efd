package io.captchafleet.worker;

import java.time.Clock;
import java.time.Duration;

import io.captchafleet.common.errors.ErrorClassifier;
import io.captchafleet.worker.halt.HaltState;
import io.captchafleet.worker.kafka.KafkaClients;
import io.captchafleet.worker.loop.WorkerLoop;
import io.captchafleet.worker.metrics.WorkerMetrics;
import io.captchafleet.worker.solver.Solver;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker: a member of the worker group with its own consumer, transactional producer and loop
 * thread ({@code worker-loop-<instance-id>}). The solver and the halt state belong to the process and
 * are shared. Thread-safe lifecycle methods.
 */
public final class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final WorkerSettings settings;
    private final WorkerLoop loop;
    private final Thread thread;

    public Worker(WorkerSettings settings, Solver solver, ErrorClassifier classifier, HaltState halt, KafkaClients clients,
                  MeterRegistry registry, Clock clock) {
        this.settings = settings;
        this.loop = new WorkerLoop(settings, solver, classifier, halt, clients, new WorkerMetrics(registry, settings.instanceId()),
                clock);
        this.thread = new Thread(loop, "worker-loop-" + settings.instanceId());
    }

    public Worker start() {
        thread.start();
        return this;
    }

    public String instanceId() {
        return settings.instanceId();
    }

    /** The loop thread runs and has not failed. */
    public boolean healthy() {
        return thread.isAlive() && loop.failure() == null;
    }

    /** Caught up with the fleet state and restored its partitions. */
    public boolean ready() {
        return healthy() && loop.ready();
    }

    /** Why the worker is not ready, or null when it is. */
    public String notReadyBecause() {
        return loop.notReadyBecause();
    }

    /** Why the loop stopped, when it stopped by failing (e.g. fenced by a duplicate instance id). */
    public Throwable failure() {
        return loop.failure();
    }

    /** Tasks submitted or being polled, or outcomes not yet committed (see {@link WorkerLoop#unsettledWork()}). */
    public int unsettledWork() {
        return loop.unsettledWork();
    }

    /** Tasks queued for a submit. */
    public int queuedTasks() {
        return loop.queuedTasks();
    }

    /** Verdicts being reported. */
    public int reportsInProgress() {
        return loop.reportsInProgress();
    }

    /** The batches whose tasks this worker holds back at their spend cap. */
    public java.util.Set<String> heldAtSpendCap() {
        return loop.heldAtSpendCap();
    }

    public boolean isRunning() {
        return thread.isAlive();
    }

    /** Waits until the loop thread has ended. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        thread.join(Math.max(1, timeout.toMillis()));
        return !thread.isAlive();
    }

    /** Graceful stop: stop admitting, finish the open transaction, leave the group; bounded by --shutdown-timeout. */
    @Override
    public void close() {
        loop.stop();
        join(settings.shutdownTimeout());
    }

    private void join(Duration timeout) {
        try {
            if (!awaitTermination(timeout)) {
                log.warn("Worker {} did not stop within {} s", settings.instanceId(), timeout.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
