package io.captchafleet.worker.loop;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.captchafleet.common.errors.ErrorClassifier;
import io.captchafleet.common.errors.Phase;
import io.captchafleet.worker.WorkerSettings;
import io.captchafleet.worker.halt.FleetEventPublisher;
import io.captchafleet.worker.halt.HaltWatcher;
import io.captchafleet.worker.kafka.ClientConfigs;
import io.captchafleet.worker.kafka.KafkaClients;
import io.captchafleet.worker.metrics.WorkerMetrics;
import io.captchafleet.worker.retry.RetryRouter;
import io.captchafleet.worker.solver.Solver;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The consume-solve-produce loop of one worker. Its thread owns the consumer and the transactional
 * producer: it polls with a short time-out, admits task records to the asynchronous solver, drains the
 * solver's events, keeps the pause reasons applied, and commits — whenever paid submits stand
 * unrecorded (the ledger) and at least every {@code --commit-interval-ms}. It never blocks on HTTP and
 * never sleeps.
 *
 * <p>Stopped with {@link #stop()} (graceful: finish the open work it can, commit, leave the group) or
 * {@link #crash()} (as a crash would leave it: clients closed at once, nothing committed).
 */
public final class WorkerLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(WorkerLoop.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(20);
    /** How long a revocation waits for submits on the wire to resolve. */
    private static final Duration SETTLE_SUBMITS = Duration.ofSeconds(3);
    /**
     * How often the gauges are recounted. Recounting walks every task in flight, and a busy loop turns
     * far more often than anyone reads a gauge.
     */
    private static final long GAUGE_INTERVAL_MS = 100;

    private final WorkerSettings settings;
    private final Solver solver;
    private final HaltWatcher watcher;
    private final FleetEventPublisher publisher;
    private final KafkaClients clients;
    private final WorkerMetrics metrics;
    private final Clock clock;
    private final ErrorClassifier classifier;
    private final LoopState state = new LoopState();
    private final SolverEvents events = new SolverEvents();

    private volatile boolean running = true;
    private volatile boolean crashed;
    private volatile boolean ready;
    private volatile Throwable failure;
    private volatile Consumer<byte[], byte[]> consumerRef;

    private Consumer<byte[], byte[]> consumer;
    private Consumer<byte[], byte[]> logEnds;
    private TransactionalProducer producer;
    private InputHandler inputs;
    private CompletionHandler completions;
    private Committer committer;
    private Rebalancer rebalancer;
    private ResultsFollower resultsFollower;
    private boolean halted = true;
    private long gaugesPublishedMs;
    private AutoCloseable clientMetrics;

    public WorkerLoop(WorkerSettings settings, Solver solver, ErrorClassifier classifier, HaltWatcher watcher,
                      FleetEventPublisher publisher, KafkaClients clients, WorkerMetrics metrics, Clock clock) {
        this.settings = settings;
        this.solver = solver;
        this.classifier = classifier;
        this.watcher = watcher;
        this.publisher = publisher;
        this.clients = clients;
        this.metrics = metrics;
        this.clock = clock;
        metrics.bindGauges(() -> state.inFlightCount, () -> state.ledgerGauge, state.table::size);
    }

    @Override
    public void run() {
        MDC.put("worker", settings.instanceId());
        try {
            consumer = clients.consumer(ClientConfigs.loopConsumer(settings));
            consumerRef = consumer;
            logEnds = clients.consumer(ClientConfigs.logEndReader(settings));
            clientMetrics = metrics.bindKafkaClient(consumer);
            producer = new TransactionalProducer(() -> clients.producer(ClientConfigs.loopProducer(settings)), metrics);
            wire();
            consumer.subscribe(settings.layout().coPartitionedTopics(), rebalancer);
            log.info("Worker {} started: group {}, transactional id {}", settings.instanceId(), settings.layout().workerGroup(),
                    settings.layout().workerTransactionalId(settings.instanceId()));
            while (running) {
                try {
                    iterate();
                } catch (WakeupException e) {
                    if (running) {
                        throw e;
                    }
                }
            }
            if (!crashed) {
                finishGracefully();
            }
        } catch (WakeupException e) {
            if (running) {
                failure = e;
                log.error("Worker loop woken unexpectedly", e);
            }
        } catch (FencedInstanceIdException | ProducerFencedException e) {
            failure = Committer.fenced(settings.instanceId(), e);
            log.error(failure.getMessage());
        } catch (RuntimeException | Error e) {
            failure = e;
            log.error("Worker {} stopped: {}", settings.instanceId(), e.getMessage(), e);
        } finally {
            closeClients();
            MDC.remove("worker");
        }
    }

    private void wire() {
        OutcomeWriter writer = new OutcomeWriter(settings.layout(), settings.instanceId(), settings.maxMessageBytes());
        Set<String> retryTopics = new HashSet<>(settings.layout().inputTopics());
        retryTopics.remove(settings.layout().tasks());
        committer = new Committer(producer, consumer, state, metrics, settings.instanceId(), clock);
        StrandedSubmits stranded = new StrandedSubmits(state, records -> !crashed && committer.writeAlone(records), clock::millis);
        resultsFollower = new ResultsFollower(state, settings.layout(), settings.instanceId(), stranded, this::startPolling);
        rebalancer = new Rebalancer(consumer, logEnds, state, settings.layout(), new Rebalancer.Commits() {
            @Override
            public boolean commitOnRevoke() {
                if (crashed) {
                    return true; // a crash commits nothing, not even when the consumer's close revokes
                }
                settleSubmits();
                int unrecorded = state.pending.unrecordedPaidSubmits();
                Committer.Result result = committer.commit();
                log.info("Revocation: commit {} ({} paid submits were unrecorded)", result, unrecorded);
                return result != Committer.Result.GROUP_MOVED_ON;
            }

            @Override
            public void settleSubmits() {
                if (!crashed) {
                    WorkerLoop.this.settleSubmits();
                }
            }

            @Override
            public void writeAbortedBarrier(Set<TopicPartition> results) {
                if (!crashed) {
                    committer.writeAbortedBarrier(results);
                }
            }
        }, stranded);
        completions = new CompletionHandler(state, writer, new RetryRouter(settings.retryPolicy(), classifier),
                settings.layout(), clock, metrics, settings.instanceId(), publisher::publish, w -> inputs.judge(w));
        inputs = new InputHandler(state, writer, retryTopics, settings.maxInFlight(), settings.retryPolicy().maxPaidSubmits(),
                clock, metrics, new InputHandler.TaskStarter() {
                    @Override
                    public void submit(InFlightTask task) {
                        state.submitQueue.addLast(task);
                    }

                    @Override
                    public void resumePolling(InFlightTask task) {
                        startPolling(task);
                    }

                    @Override
                    public void failAtCap(InFlightTask task) {
                        completions.fail(task, classifier.classify(
                                task.record.lastError() == null ? "MAX_PAID_SUBMITS" : task.record.lastError(), Phase.SUBMIT),
                                task.paidSubmits + " paid submits reached --max-paid-submits");
                    }
                });
    }

    private void iterate() {
        Duration timeout = events.isEmpty() ? IDLE_POLL : Duration.ZERO;
        ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
        handleRecords(records);
        drainEvents();
        followHaltState();
        drainSubmitQueue();
        resultsFollower.finishRestores(consumer);
        relievePressure();
        state.pauses.applyTo(consumer, state.trackers.keySet());
        commitIfDue();
        publishGaugesIfDue();
        ready = watcher.caughtUp() && state.restoring.isEmpty() && !consumer.assignment().isEmpty();
    }

    private void publishGaugesIfDue() {
        long now = clock.millis();
        if (now - gaugesPublishedMs >= GAUGE_INTERVAL_MS) {
            state.publishGauges();
            gaugesPublishedMs = now;
        }
    }

    private void handleRecords(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        String results = settings.layout().results();
        Set<TopicPartition> stopped = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.topic().equals(results)) {
                resultsFollower.accept(r);
                continue;
            }
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (stopped.contains(tp)) {
                continue;
            }
            if (inputs.handle(r, consumer) == InputHandler.Flow.STOP_PARTITION) {
                stopped.add(tp);
            }
        }
    }

    /**
     * Lets the submits already handed to the solver resolve (paid or not) before the partitions go, so
     * their {@code in_flight} records are committed and the next owner polls instead of paying again.
     * Bounded: a submit still unresolved at the deadline is left to the ledger window.
     */
    private void settleSubmits() {
        long deadline = clock.millis() + SETTLE_SUBMITS.toMillis();
        while (state.inFlight.values().stream().anyMatch(t -> t.stage == InFlightTask.Stage.SUBMITTING)) {
            long left = deadline - clock.millis();
            if (left <= 0) {
                break;
            }
            SolverEvents.Event e = events.await(left);
            if (e != null) {
                completions.handle(e);
            }
        }
        drainEvents();
    }

    private void drainEvents() {
        SolverEvents.Event e;
        while ((e = events.poll()) != null) {
            completions.handle(e);
        }
    }

    /** Pauses every input while the fleet is halted; on RESUME, resumes them and the parked polls. */
    private void followHaltState() {
        boolean now = watcher.halted() || solver.gate().halted();
        if (now == halted) {
            return;
        }
        halted = now;
        if (halted) {
            state.pauses.addAll(state.trackers.keySet(), PauseReason.HALT);
        } else {
            state.pauses.removeEverywhere(PauseReason.HALT);
            List<InFlightTask> parked = new ArrayList<>(state.parkedPolls);
            state.parkedPolls.clear();
            parked.forEach(this::startPolling);
        }
    }

    /** Hands queued tasks to the solver while the ledger has room and the fleet is not halted. */
    private void drainSubmitQueue() {
        if (state.rebalancing) {
            return;
        }
        if (halted) {
            state.pauses.addAll(state.trackers.keySet(), PauseReason.HALT); // also covers partitions assigned while halted
            return;
        }
        while (state.ledgerInUse < settings.ledgerWindow() && !state.submitQueue.isEmpty()) {
            InFlightTask t = state.submitQueue.pollFirst();
            t.stage = InFlightTask.Stage.SUBMITTING;
            t.resumeOffsetAtSubmit = watcher.state().newestResumeOffset();
            state.ledgerInUse++;
            t.solveToken++;
            t.handle = solver.solve(t.request, events.listenerFor(t));
        }
    }

    private void startPolling(InFlightTask t) {
        t.stage = InFlightTask.Stage.POLLING;
        t.solveToken++;
        t.handle = solver.resume(t.request, t.solverId, t.submittedAt != null ? t.submittedAt : clock.instant(),
                events.listenerFor(t));
    }

    /**
     * Resumes the inputs paused at the in-flight cap once 10 % of the slots (at least one) are free again.
     * Between refills the ledger of unrecorded paid submits stands empty, which is what a crash costs:
     * measured with a 2 % margin instead, concurrency efficiency rose from 0.929 to 0.968 of the
     * Little's-law limit but the mean crash cost from 0.4 to 4.4 tasks paid twice per kill (BENCHMARKS.md).
     * Throughput at the cap is better bought with a higher {@code --max-in-flight}, which costs no payment.
     */
    private void relievePressure() {
        int resumeAt = settings.maxInFlight() - Math.max(1, settings.maxInFlight() / 10);
        if (state.inFlight.size() <= resumeAt || state.inFlight.isEmpty()) {
            state.pauses.removeEverywhere(PauseReason.BACK_PRESSURE);
        }
        state.pauses.releaseDue(clock.millis());
    }

    private void commitIfDue() {
        boolean ledgerWaiting = state.pending.unrecordedPaidSubmits() > 0;
        boolean intervalPassed = clock.millis() - committer.lastCommitMs() >= settings.commitInterval().toMillis();
        if (ledgerWaiting || intervalPassed) {
            if (committer.commit() == Committer.Result.GROUP_MOVED_ON) {
                rebalancer.dropAll("the group rejected a commit");
            }
        }
    }

    /** Stop admitting; let submits on the wire resolve (so their in_flight is recorded); commit; cancel the rest. */
    private void finishGracefully() {
        long deadline = clock.millis() + settings.shutdownTimeout().toMillis() / 2;
        state.pauses.addAll(state.trackers.keySet(), PauseReason.HALT);
        state.pauses.applyTo(consumer, state.trackers.keySet());
        state.submitQueue.clear();
        while (clock.millis() < deadline && state.inFlight.values().stream().anyMatch(t -> t.stage == InFlightTask.Stage.SUBMITTING)) {
            consumer.poll(IDLE_POLL);
            drainEvents();
            commitIfDue();
        }
        committer.commit();
        state.inFlight.values().forEach(InFlightTask::cancelSolve);
        log.info("Worker {} finished its open transaction; {} tasks left in flight for the next owner", settings.instanceId(),
                state.inFlight.size());
    }

    private void closeClients() {
        if (clientMetrics != null) {
            try {
                clientMetrics.close();
            } catch (Exception e) {
                log.debug("Kafka client metrics did not close: {}", e.toString());
            }
        }
        Duration timeout = crashed ? Duration.ZERO : settings.shutdownTimeout().dividedBy(2);
        if (crashed) {
            state.inFlight.values().forEach(InFlightTask::cancelSolve);
        }
        if (consumer != null) {
            try {
                consumer.close(crashed ? CloseOptions.timeout(Duration.ZERO)
                        : CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(timeout));
            } catch (RuntimeException e) {
                log.warn("Consumer did not close cleanly: {}", e.toString());
            }
        }
        if (logEnds != null) {
            try {
                logEnds.close(CloseOptions.timeout(Duration.ZERO));
            } catch (RuntimeException e) {
                log.debug("Log-end reader did not close cleanly: {}", e.toString());
            }
        }
        if (producer != null) {
            producer.close(timeout);
        }
    }

    /** Asks the loop to stop gracefully; returns at once. */
    public void stop() {
        running = false;
        wakeUp();
    }

    /** Stops the loop as a crash would: no commit, clients closed at once. */
    public void crash() {
        crashed = true;
        running = false;
        wakeUp();
    }

    private void wakeUp() {
        Consumer<byte[], byte[]> c = consumerRef;
        if (c != null) {
            c.wakeup();
        }
    }

    /** Whether the worker has caught up with the fleet state and restored its partitions. */
    public boolean ready() {
        return ready;
    }

    /**
     * Tasks submitted or being polled, or outcomes not yet committed. While the fleet is halted this falls
     * to zero once every paid task has been polled to its end and recorded.
     */
    public int unsettledWork() {
        return state.unsettled;
    }

    /** What stopped the loop, if it stopped by failing. */
    public Throwable failure() {
        return failure;
    }
}
