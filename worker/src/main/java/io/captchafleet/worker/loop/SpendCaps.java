package io.captchafleet.worker.loop;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;

import io.captchafleet.common.model.TaskKind;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.worker.halt.HaltState;
import io.captchafleet.worker.loop.partitions.BatchSpend;
import io.captchafleet.worker.loop.partitions.OffsetTracker;
import io.captchafleet.worker.loop.partitions.OwnedPartition;
import io.captchafleet.worker.loop.partitions.PartitionBook;
import io.captchafleet.worker.loop.tasks.InputRecord;
import io.captchafleet.worker.loop.tasks.Task;
import io.captchafleet.worker.loop.tasks.TaskBook;
import io.captchafleet.worker.solver.Cost;
import io.captchafleet.worker.solver.Solver;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each capped batch's spend within its cap. The fleet-wide cap is kept by shares: this worker may spend
 * the cap times the share of the batch's tasks in the partitions it owns (each task record of a batch submitted
 * with {@code --max-spend} carries its partition's share; a batch capped only later counts every partition
 * alike), on the tasks of those partitions. So the workers' shares add up to the cap without any of them reading
 * another's spend (a partition's spend moves with it: it is what its outcomes say). A task of a capped batch is submitted only while its spend here — the costs its outcomes
 * record, plus every paid submit not yet costed and every submit to come or on the wire of the batch, each at
 * the batch's running average (else the solver's estimate: the API's price, the balance, {@code --price}, the
 * profile's list price) — leaves room for one more within the share. While no price is known at all, one task
 * of the batch goes at a time, and the rest wait until its cost is known.
 *
 * <p>A task that may not go is held ({@link io.captchafleet.worker.loop.partitions.SpendHolds}): its record stays
 * unfinished, the batch's later records are passed over, and once the batch has room again (a {@code cap}
 * event, a lower price) its partitions are read again from the lowest held record. Other batches go on.
 * The cap comes from the newest CAP fleet event for the batch, else from the task records ({@code submit
 * --max-spend}). Confined to the loop thread; reads state the task book, the partition book and the halt state
 * own, and owns only what it learned of each batch's cap at submit.
 */
final class SpendCaps {
    private static final Logger log = LoggerFactory.getLogger(SpendCaps.class);
    /** A held batch is read again at most this often: each time costs a pass over its partitions' records. */
    private static final long REOPEN_EVERY_MS = 1_000;

    /** What a capped batch's task may do now. */
    enum Admission {
        /** The batch has no cap. */
        UNCAPPED,
        /** There is room: the task takes a share of the cap. */
        RESERVE,
        /** The batch is at its cap here (or its price is being learned): the task waits. */
        HOLD
    }

    private final TaskBook book;
    private final PartitionBook partitions;
    private final HaltState halt;
    private final Solver solver;
    private final Consumer<?, ?> consumer;
    private final IntSupplier partitionCount;
    private final Clock clock;
    private final Map<String, BigDecimal> capsAtSubmit = new HashMap<>();
    /** Per batch, each partition's share of its tasks, as its records say (only batches submitted with a cap). */
    private final Map<String, Map<Integer, Double>> shares = new HashMap<>();
    private final Map<String, Long> lastReopenMs = new HashMap<>();
    private final Set<String> reportedHeld = new HashSet<>();

    /** {@code partitionCount} answers the tasks topic's partition count, or 0 while it is not known. */
    SpendCaps(TaskBook book, PartitionBook partitions, HaltState halt, Solver solver, Consumer<?, ?> consumer,
              IntSupplier partitionCount, Clock clock) {
        this.book = book;
        this.partitions = partitions;
        this.halt = halt;
        this.solver = solver;
        this.consumer = consumer;
        this.partitionCount = partitionCount;
        this.clock = clock;
    }

    /** A task record of this partition was read: what it says of its batch's cap is remembered. */
    void learn(TaskRecord task, int partition) {
        if (task.maxSpend() != null) {
            capsAtSubmit.putIfAbsent(task.batch(), task.maxSpend());
        }
        if (task.spendShare() != null) {
            shares.computeIfAbsent(task.batch(), b -> new HashMap<>()).put(partition, task.spendShare());
        }
    }

    /** A new task of this record is about to be queued: may it, and does it take a share of a cap? */
    Admission admit(TaskRecord task) {
        BigDecimal cap = cap(task.batch());
        if (cap == null) {
            return Admission.UNCAPPED;
        }
        return room(task.batch(), cap, TaskKind.of(task.taskData()), 0) ? Admission.RESERVE : Admission.HOLD;
    }

    /**
     * A queued task is about to be submitted: true when it may (it holds, or now takes, a share of its batch's cap,
     * or the batch has none); false when its batch has no room for it (a cap lowered, a price learned higher).
     */
    boolean mayGo(Task t) {
        BigDecimal cap = cap(t.batch());
        if (cap == null) {
            return true;
        }
        if (!room(t.batch(), cap, TaskKind.of(t.forOutcome().taskData()), t.spendReserved() ? 1 : 0)) {
            return false;
        }
        book.reserve(t);
        return true;
    }

    /** Holds the task record at its batch's cap: it stays unfinished (the lowest of the batch) or is passed over. */
    void hold(InputRecord in) {
        OwnedPartition part = partitions.get(in.source().partition());
        OffsetTracker tracker = part == null ? null : part.tracker(in.source());
        if (tracker == null) {
            return; // the partition moved away meanwhile
        }
        String batch = in.task().batch();
        long notNeeded = part.holds().hold(batch, in.source(), in.offset());
        if (notNeeded >= 0) {
            tracker.finish(notNeeded);
        }
        if (reportedHeld.add(batch)) {
            BigDecimal cap = cap(batch);
            log.info("Batch {} is at its spend cap here (cap {}; this worker's partitions may spend {} of it): its other tasks"
                    + " wait, other batches go on", batch, cap, cap == null ? "all"
                    : String.format(java.util.Locale.ROOT, "%.6f", cap.doubleValue() * shareHere(batch)));
        }
    }

    /** Reads the held batches that have room again from their lowest held record (at most once a second each). */
    void reopenWhereRoom() {
        Set<String> held = heldBatches();
        if (held.isEmpty()) {
            return;
        }
        long now = clock.millis();
        for (String batch : held) {
            if (now - lastReopenMs.getOrDefault(batch, Long.MIN_VALUE / 2) < REOPEN_EVERY_MS) {
                continue;
            }
            BigDecimal cap = cap(batch);
            if (cap != null && !room(batch, cap, null, 0)) {
                continue;
            }
            lastReopenMs.put(batch, now);
            reportedHeld.remove(batch);
            log.info("Batch {} has room under its spend cap ({}) again: reading its held tasks", batch, cap == null ? "lifted" : cap);
            for (OwnedPartition part : partitions.all()) {
                part.holds().release(batch).forEach((tp, offset) -> readAgainFrom(part, tp, offset));
            }
        }
    }

    /** The batches with tasks held at their cap by this worker. */
    Set<String> heldBatches() {
        Set<String> held = new HashSet<>();
        for (OwnedPartition part : partitions.all()) {
            held.addAll(part.holds().batches());
        }
        return held;
    }

    /** The held batches without room for one more task: stopped at their cap here until a CAP event raises it. */
    Set<String> stoppedBatches() {
        Set<String> stopped = heldBatches();
        stopped.removeIf(batch -> {
            BigDecimal cap = cap(batch);
            return cap == null || room(batch, cap, null, 0);
        });
        return stopped;
    }

    private void readAgainFrom(OwnedPartition part, TopicPartition tp, long offset) {
        OffsetTracker tracker = part.tracker(tp);
        tracker.finish(offset);
        if (!tracker.hasPosition() || offset < tracker.position()) {
            tracker.rewindTo(offset);
            if (consumer.assignment().contains(tp)) {
                consumer.seek(tp, offset);
            }
        }
    }

    /** The batch's cap: the newest CAP event's, else the one its records carry from the submit; null for none. */
    private BigDecimal cap(String batch) {
        return halt.batch(batch).maxSpend(capsAtSubmit.get(batch));
    }

    /**
     * Whether one more paid submit of the batch fits its share of the cap here. {@code self} is 1 when the task
     * asking already holds a share (it is counted once). {@code kind} picks the solver's estimate when the batch has
     * no cost of its own yet (null: any kind the solver knows a price for).
     */
    private boolean room(String batch, BigDecimal cap, TaskKind kind, int self) {
        double share = cap.doubleValue() * shareHere(batch);
        if (Double.isNaN(share)) {
            return false; // the partition count is not known yet: wait rather than guess a share
        }
        Map<Integer, Double> known = shares.get(batch);
        double cost = 0;
        int costed = 0;
        int uncosted = 0;
        for (OwnedPartition part : partitions.all()) {
            if (known != null && !known.containsKey(part.number())) {
                continue; // its share is not known here yet, and none of its tasks can be submitted before it is
            }
            BatchSpend s = part.spend(batch);
            if (s != null) {
                cost += s.cost();
                costed += s.costedSubmits();
                uncosted += s.uncostedSubmits();
            }
        }
        int reserved = book.reserved(batch) - self;
        Optional<Double> price = costed > 0 ? Optional.of(cost / costed) : estimate(kind);
        if (price.isEmpty()) {
            return uncosted == 0 && reserved == 0; // learn the price from one task first
        }
        double projected = cost + (uncosted + reserved + 1) * price.get();
        if (log.isDebugEnabled()) {
            log.debug("Batch {}: cost {} ({} costed, {} not), {} reserved, price {}: {} against a share of {}", batch, cost, costed,
                    uncosted, reserved, price.get(), projected, share);
        }
        return projected <= share * (1 + 1e-9);
    }

    /** The share of the batch's tasks in the partitions this worker owns; NaN while it cannot be told. */
    private double shareHere(String batch) {
        Map<Integer, Double> known = shares.get(batch);
        if (known != null) {
            double sum = 0;
            for (int p : partitions.numbers()) {
                sum += known.getOrDefault(p, 0.0); // a partition none of whose records was read has none of its tasks here yet
            }
            return sum;
        }
        int n = partitionCount.getAsInt();
        return n <= 0 ? Double.NaN : (double) partitions.numbers().size() / n;
    }

    private Optional<Double> estimate(TaskKind kind) {
        List<TaskKind> kinds = kind != null ? List.of(kind) : List.of(TaskKind.values());
        for (TaskKind k : kinds) {
            Optional<Cost> c = solver.price(k);
            if (c.isPresent()) {
                return Optional.of(c.get().amount().doubleValue());
            }
        }
        return Optional.empty();
    }
}
