package io.captchafleet.worker.loop;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.captchafleet.common.errors.ErrorClassifier;
import io.captchafleet.common.fleet.BatchControl;
import io.captchafleet.worker.WorkerSettings;
import io.captchafleet.worker.halt.HaltState;
import io.captchafleet.worker.kafka.KafkaClients;
import io.captchafleet.worker.loop.partitions.PartitionBook;
import io.captchafleet.worker.loop.partitions.PauseReason;
import io.captchafleet.worker.loop.tasks.Stage;
import io.captchafleet.worker.loop.tasks.Task;
import io.captchafleet.worker.loop.tasks.TaskBook;
import io.captchafleet.worker.loop.tx.Transactions;
import io.captchafleet.worker.loop.tx.TxResult;
import io.captchafleet.worker.metrics.WorkerMetrics;
import io.captchafleet.worker.retry.RetryRouter;
import io.captchafleet.worker.solver.Solver;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The consume-solve-produce loop of one worker. Its thread owns the consumer, the transaction boundary
 * and the loop's state, each piece with one owner: the {@link TaskBook} (tasks and their stages), the
 * {@link PartitionBook} (owned partitions: trackers, start-up, results table, pauses), the
 * {@link Transactions} boundary (what the next transaction writes, the kept paid submits) and, shared by
 * the process, the {@link HaltState}. Each turn it polls with a short time-out, applies the per-batch fleet
 * events (cancel, purge), judges task records and verdicts, drains the solver's events, follows the halt
 * state, moves starting partitions on, reads held batches again where their spend cap has room, hands queued
 * tasks to the solver within the ledger window, and commits whenever paid submits stand unrecorded and at
 * least every {@code --commit-interval-ms}. It
 * never blocks on HTTP and never sleeps.
 *
 * <p>{@link #stop()} ends it gracefully: no new work, the submits on the wire resolve, a last commit, the
 * group left. A crash is what a killed process does; tests make one through the {@link KafkaClients} seam.
 */
public final class WorkerLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(WorkerLoop.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(20);
    /** How long a revocation or a stop waits for submits on the wire to resolve. */
    private static final Duration SETTLE_SUBMITS = Duration.ofSeconds(3);
    /** How long a revocation tries to commit before the partitions go anyway. */
    private static final Duration REVOCATION_COMMIT = Duration.ofSeconds(10);

    private final WorkerSettings settings;
    private final Solver solver;
    private final HaltState halt;
    private final KafkaClients clients;
    private final WorkerMetrics metrics;
    private final Clock clock;
    private final ErrorClassifier classifier;
    private final TaskBook book = new TaskBook();
    private final PartitionBook partitions;
    private final SolverEvents events;
    private final BatchLife batches;

    private volatile boolean running = true;
    private volatile String notReady = "starting";
    private volatile Throwable failure;
    private volatile Consumer<byte[], byte[]> consumerRef;
    private volatile int heldGauge;
    private volatile int ledgerGauge;
    private volatile int unsettledGauge;
    private volatile int queuedGauge;
    private volatile int reportsGauge;
    private volatile Set<String> capHeldGauge = Set.of();

    private LoopClients kafka;
    private Consumer<byte[], byte[]> consumer;
    private Transactions tx;
    private Intake intake;
    private Completions completions;
    private ResultsReader results;
    private Assignments assignments;
    private SolverCalls calls;
    private Commits commits;
    private SpendCaps caps;
    private Reports reports;
    private int tasksPartitions;
    private boolean halted;

    public WorkerLoop(WorkerSettings settings, Solver solver, ErrorClassifier classifier, HaltState halt, KafkaClients clients,
                      WorkerMetrics metrics, Clock clock) {
        this.settings = settings;
        this.solver = solver;
        this.classifier = classifier;
        this.halt = halt;
        this.clients = clients;
        this.metrics = metrics;
        this.clock = clock;
        this.partitions = new PartitionBook(settings.layout());
        this.events = new SolverEvents(settings.maxInFlight());
        this.batches = new BatchLife(halt);
        metrics.bindGauges(() -> heldGauge, () -> ledgerGauge, partitions::trackedTasks);
    }

    @Override
    public void run() {
        MDC.put("worker", settings.instanceId());
        try {
            open();
            while (running) {
                try {
                    turn();
                } catch (WakeupException e) {
                    if (running) {
                        throw e;
                    }
                }
            }
            finishGracefully();
        } catch (FencedInstanceIdException | ProducerFencedException e) {
            failure = Transactions.fenced(settings.instanceId(), e);
            log.error(failure.getMessage());
        } catch (RuntimeException | Error e) {
            failure = e;
            log.error("Worker {} stopped: {}", settings.instanceId(), e.getMessage(), e);
        } finally {
            close();
            MDC.remove("worker");
        }
    }

    /** Creates the clients and the loop's parts and joins the group. */
    void open() {
        kafka = new LoopClients(clients, settings, metrics);
        consumer = kafka.consumer;
        consumerRef = consumer;
        OutcomeWriter writer = new OutcomeWriter(settings.layout(), settings.instanceId(), settings.maxMessageBytes(), clock,
                solver::lastBalance);
        tx = new Transactions(kafka::transactionalProducer, consumer, writer, metrics, settings.instanceId(), clock);
        calls = new SolverCalls(solver, events, book, clock);
        commits = new Commits(tx, partitions, consumer, settings.commitInterval(), clock);
        completions = new Completions(book, partitions, tx, writer, new RetryRouter(settings.retryPolicy(), classifier),
                settings.layout(), metrics, clock, batches, in -> intake.judge(in));
        Set<String> retryTopics = new HashSet<>(settings.layout().inputTopics());
        retryTopics.remove(settings.layout().tasks());
        caps = new SpendCaps(book, partitions, halt, solver, consumer, this::tasksPartitions, clock);
        intake = new Intake(consumer, book, partitions, tx, writer, calls, completions, classifier,
                new Intake.Limits(settings.maxInFlight(), settings.retryPolicy().maxPaidSubmits(), retryTopics), batches, caps,
                metrics, clock);
        reports = new Reports(consumer, partitions, tx, writer, new OutcomeLookups(kafka::outcomeReader, settings.layout().results()),
                solver, metrics, clock, settings.instanceId());
        results = new ResultsReader(partitions, book, calls, batches, reports, settings.instanceId());
        assignments = new Assignments(consumer, kafka.logEnds, partitions, book, tx, results, settings.layout(), new Assignments.Loop() {
            @Override
            public TxResult commitBeforeRevocation() {
                settleSubmits();
                return commits.within(REVOCATION_COMMIT, "the revocation", WorkerLoop.this::handleNextEvent);
            }

            @Override
            public void settleSubmits() {
                WorkerLoop.this.settleSubmits();
            }

            @Override
            public boolean fleetStateRead() {
                return batches.fleetRead();
            }

            @Override
            public void dropped(int partition) {
                reports.dropPartition(partition);
            }
        });
        consumer.subscribe(settings.layout().coPartitionedTopics(), assignments);
        log.info("Worker {} started: group {}, transactional id {}", settings.instanceId(), settings.layout().workerGroup(),
                settings.layout().workerTransactionalId(settings.instanceId()));
    }

    /** One turn of the loop. */
    void turn() {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(events.isEmpty() ? IDLE_POLL : Duration.ZERO);
        assignments.throwIfFailed();
        batches.follow(this::cancelQueued, this::forgetPurged); // first: the whole turn judges by one state
        handle(records);
        events.drainTo(completions::handle);
        reports.turn();
        followHalt();
        assignments.advanceStartUps();
        caps.reopenWhereRoom();
        drainSubmitQueue();
        relievePressure();
        partitions.pauses().applyTo(consumer, partitions.inputs());
        commitIfDue();
        publishGauges();
    }

    private void handle(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        String resultsTopic = settings.layout().results();
        String verdictsTopic = settings.layout().verdicts();
        Set<TopicPartition> stopped = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.topic().equals(resultsTopic)) {
                results.accept(r);
                continue;
            }
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (stopped.contains(tp)) {
                continue;
            }
            Intake.Flow flow = r.topic().equals(verdictsTopic) ? reports.accept(r) : intake.handle(r);
            if (flow == Intake.Flow.STOP_PARTITION) {
                stopped.add(tp);
            }
        }
    }

    /** Pauses every input while the fleet is halted; on the RESUME, resumes them and polls the parked tasks again. */
    private void followHalt() {
        boolean now = halt.halted();
        if (now) {
            partitions.pauses().addAll(partitions.inputs(), PauseReason.HALT); // also covers partitions assigned meanwhile
        }
        if (now != halted) {
            halted = now;
            if (!now) {
                partitions.pauses().removeEverywhere(PauseReason.HALT);
                book.parked().forEach(calls::poll);
            }
        }
    }

    /**
     * A batch was cancelled: its queued tasks of the generations the cancel covers end {@code CANCELLED} now.
     * Tasks on the wire finish as they do (a paid one is polled to its answer); a task whose next step would be
     * a submit ends {@code CANCELLED} then ({@link Completions}).
     */
    private void cancelQueued(String batch, BatchControl control) {
        List<Task> queued = book.takeQueued(t -> t.forOutcome().batch().equals(batch) && control.cancels(t.forOutcome().generation()));
        queued.forEach(completions::cancel);
        // A retry tier paused until its head record is due: read the head again now, it may be of this batch.
        partitions.pauses().removeEverywhere(PauseReason.NOT_DUE);
        if (!queued.isEmpty()) {
            log.info("Batch {} is cancelled ({}): {} queued tasks end CANCELLED here", batch, control.cancelledBecause(), queued.size());
        }
    }

    /** A batch was purged: the tasks of it held here stop (their keys get tombstones), its table entries and spend go. */
    private void forgetPurged(String batch) {
        List<Task> held = book.ofBatch(batch);
        held.forEach(completions::discard);
        tx.forgetKeptOf(batch);
        long evicted = partitions.evict(batch);
        caps.forget(batch);
        if (evicted > 0 || !held.isEmpty()) {
            log.info("Batch {} is purged: {} entries of the results table forgotten, {} held tasks stopped", batch, evicted,
                    held.size());
        }
    }

    /** Hands queued tasks to the solver while the ledger has room and the fleet is not halted. */
    private void drainSubmitQueue() {
        book.releaseDue(clock.millis());
        if (halted || assignments.rebalancing()) {
            return;
        }
        while (ledger() < settings.ledgerWindow() && book.hasQueued()) {
            Task next = book.nextToSubmit();
            if (batches.cancels(next.forOutcome())) {
                completions.cancel(next); // cancelled while it waited for a ledger slot
            } else if (intake.mayGo(next)) {
                calls.submit(next);
            }
        }
    }

    /** The tasks topic's partition count (what a spend cap's share is a fraction of), or 0 while not known. */
    private int tasksPartitions() {
        if (tasksPartitions == 0) {
            try {
                List<PartitionInfo> info = consumer.partitionsFor(settings.layout().tasks(), Duration.ofMillis(100));
                tasksPartitions = info == null ? 0 : info.size();
            } catch (RuntimeException e) {
                log.debug("The partition count of {} is not known yet: {}", settings.layout().tasks(), e.toString());
            }
        }
        return tasksPartitions;
    }

    /** Submits on the wire and paid submits not yet recorded: what a crash now could cost twice. */
    private int ledger() {
        return book.count(Stage.SUBMITTING) + tx.unrecordedPaidSubmits();
    }

    /** Admits the records read at the in-flight cap as slots free up (one in, one out); releases retry tiers now due. */
    private void relievePressure() {
        intake.admitWaiting();
        partitions.pauses().releaseDue(clock.millis());
    }

    private void commitIfDue() {
        if (assignments.rebalancing()) {
            return;
        }
        switch (commits.ifDue()) {
            case MOVED_ON:
                assignments.dropAll("the group rejected a commit");
                break;
            case FENCED:
                throw tx.fencedError();
            default:
                break;
        }
    }

    /** Waits up to {@code millis} for a solver event and handles it: between tries of a commit that must go through. */
    private boolean handleNextEvent(long millis) {
        return events.handleNext(millis, completions::handle);
    }

    /**
     * Lets the submits already handed to the solver resolve (paid or not) before the partitions go, so their
     * {@code in_flight} records are committed and the next owner polls instead of paying again. Bounded: a
     * submit still unresolved at the deadline is left to the ledger window.
     */
    private void settleSubmits() {
        long deadline = System.nanoTime() + SETTLE_SUBMITS.toNanos(); // real time: the submits answer in real time
        while (book.count(Stage.SUBMITTING) > 0 && handleNextEvent((deadline - System.nanoTime()) / 1_000_000)) {
            continue;
        }
        events.drainTo(completions::handle);
    }

    /** Stop admitting; let submits on the wire resolve (so their in_flight is recorded); commit; cancel the rest. */
    private void finishGracefully() {
        partitions.pauses().addAll(partitions.inputs(), PauseReason.HALT);
        partitions.pauses().applyTo(consumer, partitions.inputs());
        settleSubmits();
        commits.within(settings.shutdownTimeout().dividedBy(2), "the stop", this::handleNextEvent);
        book.cancelAll();
        log.info("Worker {} finished its open transaction; {} tasks left in flight for the next owner", settings.instanceId(),
                book.size());
    }

    private void publishGauges() {
        heldGauge = book.size();
        ledgerGauge = ledger();
        unsettledGauge = book.unsettled() + (tx.hasWork() ? 1 : 0);
        queuedGauge = book.count(Stage.QUEUED);
        reportsGauge = reports.inProgress();
        Set<String> held = caps.stoppedBatches();
        if (!held.equals(capHeldGauge)) {
            capHeldGauge = Set.copyOf(held);
        }
        notReady = readinessProblem();
    }

    private String readinessProblem() {
        if (!halt.followed()) {
            return "fleet state not read yet";
        }
        String waiting = tx.waitingFor();
        return waiting != null ? "waiting for the Kafka cluster: " + waiting : partitions.notReadyBecause();
    }

    private void close() {
        book.cancelAll();
        if (kafka != null) {
            kafka.close();
        }
        if (tx != null) {
            tx.close(settings.shutdownTimeout().dividedBy(2));
        }
    }

    /** Asks the loop to stop gracefully; returns at once. */
    public void stop() {
        running = false;
        Consumer<byte[], byte[]> c = consumerRef;
        if (c != null) {
            c.wakeup();
        }
    }

    /** Whether the worker follows the fleet state and has restored every partition it owns. */
    public boolean ready() {
        return notReady == null;
    }

    /** Why the worker is not ready, or null when it is. */
    public String notReadyBecause() {
        return notReady;
    }

    /** Tasks held (in flight or waiting behind one), for the gauge. */
    public int heldTasks() {
        return heldGauge;
    }

    /**
     * Submits on the wire, paid tasks being polled, outcomes not yet committed: work a halt lets finish.
     * While the fleet is halted this falls to zero once every paid task has been polled to its end and
     * recorded (parked polls and queued submits wait for the RESUME and do not count).
     */
    public int unsettledWork() {
        return unsettledGauge;
    }

    /** Tasks queued for a submit (waiting for a ledger slot or a resume). */
    public int queuedTasks() {
        return queuedGauge;
    }

    /** Verdicts being reported (read, and their report's outcome not yet committed). */
    public int reportsInProgress() {
        return reportsGauge;
    }

    /** The batches whose tasks this worker holds back at their spend cap, with no room for one more here. */
    public Set<String> heldAtSpendCap() {
        return capHeldGauge;
    }

    /** What stopped the loop, if it stopped by failing. */
    public Throwable failure() {
        return failure;
    }
}
