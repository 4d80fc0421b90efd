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
 * Keeps each capped batch's spend within its cap. The fleet-wide cap is kept by shares per partition: the tasks of
 * partition p may cost the cap times p's share of the batch's tasks (each task record of a batch submitted with
 * {@code --max-spend} carries its partition's share; a batch capped only later counts every partition alike). A
 * partition's spend is what its outcomes say, so it moves with the partition, and the shares add up to the cap
 * whoever owns which partition: no worker reads another's spend, and a rebalance cannot add up to more.
 *
 * <p>A task of a capped batch is submitted only while its partition's spend — the costs its outcomes record, plus
 * every paid submit not yet costed and every submit to come or on the wire of the batch there, each at the batch's
 * running average cost on this worker's partitions (else the solver's estimate: the API's price, the balance,
 * {@code --price}, the profile's list price) — leaves room for one more within the partition's share. While no
 * price is known at all, one task of the batch goes at a time here, and the rest wait until its cost is known.
 *
 * <p>A task that may not go is held ({@link io.captchafleet.worker.loop.partitions.SpendHolds}): its record stays
 * unfinished, the batch's later records of that partition are passed over, and once the partition has room again
 * (a {@code cap} event, a lower price) it is read again from the lowest held record; so is a held batch once it is
 * cancelled or purged, whose records then end without a submit. Other batches go on. The cap
 * comes from the newest CAP fleet event for the batch, else from the task records ({@code submit --max-spend}).
 * Confined to the loop thread; reads state the task book, the partition book and the halt state own, and owns only
 * what the records said of each batch's cap and shares.
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

    /** A new task of this record, read from partition {@code partition}, is about to be queued: may it, and does it take a share? */
    Admission admit(TaskRecord task, int partition) {
        BigDecimal cap = cap(task.batch());
        if (cap == null) {
            return Admission.UNCAPPED;
        }
        return room(task.batch(), partition, cap, TaskKind.of(task.taskData()), 0) ? Admission.RESERVE : Admission.HOLD;
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
        if (!room(t.batch(), t.partition(), cap, TaskKind.of(t.forOutcome().taskData()), t.spendReserved() ? 1 : 0)) {
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
        if (reportedHeld.add(batch + "#" + part.number())) {
            BigDecimal cap = cap(batch);
            log.info("Batch {} is at its spend cap in partition {} (cap {}; the partition's tasks may spend {} of it): its other"
                    + " tasks there wait, other batches go on", batch, part.number(), cap, cap == null ? "all"
                    : String.format(java.util.Locale.ROOT, "%.6f", cap.doubleValue() * share(batch, part.number())));
        }
    }

    /** Reads the held partitions of a batch that have room again from their lowest held record (at most once a second each). */
    void reopenWhereRoom() {
        long now = clock.millis();
        for (OwnedPartition part : partitions.all()) {
            for (String batch : Set.copyOf(part.holds().batches())) {
                String key = batch + "#" + part.number();
                if (now - lastReopenMs.getOrDefault(key, Long.MIN_VALUE / 2) < REOPEN_EVERY_MS) {
                    continue;
                }
                BigDecimal cap = cap(batch);
                if (cap != null && !room(batch, part.number(), cap, null, 0) && !endsWithoutSubmit(batch)) {
                    continue;
                }
                lastReopenMs.put(key, now);
                reportedHeld.remove(key);
                log.info("Batch {} has room under its spend cap ({}) in partition {} again: reading its held tasks", batch,
                        cap == null ? "lifted" : cap, part.number());
                part.holds().release(batch).forEach((tp, offset) -> readAgainFrom(part, tp, offset));
            }
        }
    }

    /** A purged batch: what its records said of its cap and shares goes (its held records are read again and skipped). */
    void forget(String batch) {
        capsAtSubmit.remove(batch);
        shares.remove(batch);
    }

    /** The batches with tasks held at their cap by this worker. */
    Set<String> heldBatches() {
        Set<String> held = new HashSet<>();
        for (OwnedPartition part : partitions.all()) {
            held.addAll(part.holds().batches());
        }
        return held;
    }

    /** The held batches without room for one more task in any held partition: stopped here until a CAP event raises the cap. */
    Set<String> stoppedBatches() {
        Set<String> stopped = heldBatches();
        for (OwnedPartition part : partitions.all()) {
            for (String batch : part.holds().batches()) {
                BigDecimal cap = cap(batch);
                if (cap == null || room(batch, part.number(), cap, null, 0) || endsWithoutSubmit(batch)) {
                    stopped.remove(batch);
                }
            }
        }
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

    /** A cancelled or purged batch's held records are read again to end without a submit (cancelled, or skipped). */
    private boolean endsWithoutSubmit(String batch) {
        return halt.batch(batch).cancelled() || halt.batch(batch).purged();
    }

    /** The batch's cap: the newest CAP event's, else the one its records carry from the submit; null for none. */
    private BigDecimal cap(String batch) {
        return halt.batch(batch).maxSpend(capsAtSubmit.get(batch));
    }

    /**
     * Whether one more paid submit of the batch fits partition {@code p}'s share of the cap. {@code self} is 1 when
     * the task asking already holds a share (it is counted once). {@code kind} picks the solver's estimate when the
     * batch has no cost of its own here yet (null: any kind the solver knows a price for).
     */
    private boolean room(String batch, int p, BigDecimal cap, TaskKind kind, int self) {
        OwnedPartition part = partitions.get(p);
        double share = share(batch, p);
        if (part == null || Double.isNaN(share)) {
            return false; // not owned, or the partition count is not known yet: wait rather than guess a share
        }
        Optional<Double> price = price(batch, kind);
        if (price.isEmpty()) {
            return learnerMayGo(batch, self); // learn the price from one task first
        }
        BatchSpend s = part.spend(batch);
        double cost = s == null ? 0 : s.cost();
        int uncosted = s == null ? 0 : s.uncostedSubmits();
        int reserved = book.reserved(batch, p) - self;
        double projected = cost + (uncosted + reserved + 1) * price.get();
        if (log.isDebugEnabled()) {
            log.debug("Batch {} in partition {}: cost {}, {} paid not costed, {} reserved, price {}: {} against a share of {}", batch,
                    p, cost, uncosted, reserved, price.get(), projected, cap.doubleValue() * share);
        }
        return projected <= cap.doubleValue() * share * (1 + 1e-9);
    }

    /** The batch's running average cost on this worker's partitions, else the solver's estimate; empty while nothing is known. */
    private Optional<Double> price(String batch, TaskKind kind) {
        double cost = 0;
        int costed = 0;
        for (OwnedPartition part : partitions.all()) {
            BatchSpend s = part.spend(batch);
            if (s != null) {
                cost += s.cost();
                costed += s.costedSubmits();
            }
        }
        return costed > 0 ? Optional.of(cost / costed) : estimate(kind);
    }

    /** While no price is known: one task of the batch at a time on this worker, and none while a paid one waits for its cost. */
    private boolean learnerMayGo(String batch, int self) {
        if (book.reserved(batch) - self > 0) {
            return false;
        }
        for (OwnedPartition part : partitions.all()) {
            BatchSpend s = part.spend(batch);
            if (s != null && s.uncostedSubmits() > 0) {
                return false;
            }
        }
        return true;
    }

    /** Partition {@code p}'s share of the batch's tasks; NaN while it cannot be told. */
    private double share(String batch, int p) {
        Map<Integer, Double> known = shares.get(batch);
        if (known != null) {
            return known.getOrDefault(p, 0.0); // none of its records was read here yet: none of its tasks can go yet
        }
        int n = partitionCount.getAsInt();
        return n <= 0 ? Double.NaN : 1.0 / n;
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
