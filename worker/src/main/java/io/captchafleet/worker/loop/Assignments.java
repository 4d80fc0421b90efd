package io.captchafleet.worker.loop;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.captchafleet.common.CaptchaFleetException;
import io.captchafleet.common.config.ExitCode;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.worker.loop.partitions.OwnedPartition;
import io.captchafleet.worker.loop.partitions.PartitionBook;
import io.captchafleet.worker.loop.partitions.PauseReason;
import io.captchafleet.worker.loop.partitions.TaskState;
import io.captchafleet.worker.loop.tasks.Task;
import io.captchafleet.worker.loop.tasks.TaskBook;
import io.captchafleet.worker.loop.tx.Transactions;
import io.captchafleet.worker.loop.tx.TxResult;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the owned partitions in step with the group (classic protocol, eager range assignment: every
 * rebalance revokes everything, then assigns the new set), and walks each newly owned partition through
 * its start-up. The rebalance callbacks make no blocking Kafka call but the commit on revocation (which
 * answers with a result, never an exception): a new partition only records that it is owned, pauses its
 * inputs and seeks its results partition to the beginning; the loop then finds its input positions,
 * writes the restore barrier, learns the log end and reads to it, a step per turn, each bounded.
 *
 * <p>Partitions given back by a rebalance keep their tasks, table and positions (nobody else can have
 * owned them in between). Partitions that moved away are dropped — here, in one place. Lost partitions
 * are dropped without committing. Runs on the loop thread (the callbacks inside {@code consumer.poll}).
 */
final class Assignments implements ConsumerRebalanceListener {
    private static final Logger log = LoggerFactory.getLogger(Assignments.class);
    /** How long one turn waits for a position or the log ends before trying again next turn. */
    private static final Duration STEP = Duration.ofMillis(5);

    /** What a rebalance needs of the loop. */
    interface Loop {
        /** Lets submits on the wire settle, then commits, retrying within the revocation's time. */
        TxResult commitBeforeRevocation();

        /** Lets the submits on the wire resolve, so that the paid ones reach the next transaction. */
        void settleSubmits();

        /**
         * Whether the loop judges by the fleet events read to their end: a restore ends only then, so that no
         * {@code in_flight} outcome of a purged batch is polled again.
         */
        boolean fleetStateRead();

        /** A partition was dropped here: what else keeps state of it forgets it. */
        void dropped(int partition);
    }

    private final Consumer<byte[], byte[]> consumer;
    private final Consumer<byte[], byte[]> logEnds;
    private final PartitionBook partitions;
    private final TaskBook book;
    private final Transactions tx;
    private final ResultsReader reader;
    private final TopicLayout layout;
    private final Loop loop;
    private boolean rebalancing;
    private RuntimeException failure;

    /** {@code logEnds} is a read_uncommitted consumer asked only for end offsets (the log end, not the LSO). */
    Assignments(Consumer<byte[], byte[]> consumer, Consumer<byte[], byte[]> logEnds, PartitionBook partitions, TaskBook book,
                Transactions tx, ResultsReader reader, TopicLayout layout, Loop loop) {
        this.consumer = consumer;
        this.logEnds = logEnds;
        this.partitions = partitions;
        this.book = book;
        this.tx = tx;
        this.reader = reader;
        this.layout = layout;
        this.loop = loop;
    }

    /**
     * Between a revocation and the next assignment: no commit and no submit (a submit paid now could not be
     * recorded before its partition moves).
     */
    boolean rebalancing() {
        return rebalancing;
    }

    /** What a callback met that must stop the worker (thrown by the loop after the poll, not inside it). */
    void throwIfFailed() {
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        if (revoked.isEmpty()) {
            return;
        }
        rebalancing = true;
        TxResult result = loop.commitBeforeRevocation();
        if (result == TxResult.FENCED) {
            failure = tx.fencedError();
            return;
        }
        if (result == TxResult.MOVED_ON) {
            dropAll("the group rejected the commit on revocation");
            return;
        }
        for (OwnedPartition part : partitions.all()) {
            part.resultsTail(part.ready() ? knownPosition(part.results()) : -1);
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
        Set<Integer> numbers;
        try {
            numbers = checkCoPartitioned(assigned);
        } catch (CaptchaFleetException e) {
            failure = e;
            return;
        }
        Set<Integer> moved = new HashSet<>(partitions.numbers());
        moved.removeAll(numbers);
        moved.forEach(p -> drop(p, "moved to another worker"));
        tx.assigned(numbers);
        for (int p : numbers) {
            OwnedPartition part = partitions.get(p);
            if (part != null && part.ready() && part.resultsTail() >= 0) {
                consumer.seek(part.results(), part.resultsTail());
                part.trackers().forEach((tp, tracker) -> consumer.seek(tp, tracker.position()));
            } else {
                if (part != null) {
                    drop(p, "its start-up begins again");
                }
                start(p);
            }
        }
        rebalancing = false;
        log.info("Assigned partitions {}", new TreeSet<>(numbers));
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
        dropAll("partitions lost");
    }

    /**
     * Drops every partition, e.g. after the group rejected a commit. The paid submits on the wire resolve
     * first; the unrecorded ones are kept and recorded after the partitions' next restore here.
     */
    void dropAll(String why) {
        loop.settleSubmits();
        tx.keepUnrecordedPaidSubmits();
        for (int p : partitions.numbers()) {
            drop(p, why);
        }
    }

    /** Moves every starting partition on by one bounded step; called once per loop turn. */
    void advanceStartUps() {
        if (rebalancing) {
            return; // the consumer owns nothing until the new assignment arrives
        }
        List<OwnedPartition> starting = partitions.all().stream().filter(p -> p.phase() == OwnedPartition.Phase.STARTING).toList();
        if (!starting.isEmpty()) {
            starting.forEach(this::findInputPositions);
            List<OwnedPartition> needBarrier = starting.stream().filter(p -> !p.barrierWritten()).toList();
            if (!needBarrier.isEmpty() && tx.writeBarrier(needBarrier.stream().map(OwnedPartition::results).toList())) {
                needBarrier.forEach(p -> p.barrierWritten(true));
            }
            learnLogEnds(starting.stream().filter(p -> p.barrierWritten() && positionsKnown(p)).toList());
        }
        for (OwnedPartition part : List.copyOf(partitions.all())) {
            if (part.phase() == OwnedPartition.Phase.RESTORING && knownPosition(part.results()) >= part.restoreEnd()
                    && loop.fleetStateRead()) {
                finishRestore(part);
            }
        }
    }

    private void start(int p) {
        OwnedPartition part = partitions.add(p);
        consumer.seekToBeginning(List.of(part.results()));
        // Paused here, not only in the book: the poll running this callback may go on to return records of
        // the new partitions, and none may be judged before its results partition is read.
        consumer.pause(part.inputs());
    }

    private void drop(int p, String why) {
        List<Task> dropped = book.dropPartition(p);
        tx.dropPartitions(List.of(p));
        partitions.drop(p);
        loop.dropped(p);
        log.info("Dropped partition {} ({}): {} local tasks cancelled; their in_flight records let the owner continue", p, why,
                dropped.size());
    }

    private void findInputPositions(OwnedPartition part) {
        part.trackers().forEach((tp, tracker) -> {
            if (!tracker.hasPosition()) {
                try {
                    tracker.advanceTo(consumer.position(tp, STEP));
                } catch (TimeoutException e) {
                    log.debug("The committed offset of {} is not known yet: {}", tp, e.getMessage());
                }
            }
        });
    }

    private static boolean positionsKnown(OwnedPartition part) {
        return part.trackers().values().stream().allMatch(t -> t.hasPosition());
    }

    private void learnLogEnds(List<OwnedPartition> ready) {
        if (ready.isEmpty()) {
            return;
        }
        try {
            Map<TopicPartition, Long> ends = logEnds.endOffsets(ready.stream().map(OwnedPartition::results).toList(), STEP);
            ready.forEach(p -> p.restoreTo(ends.get(p.results())));
        } catch (TimeoutException e) {
            log.debug("The log ends of {} are not known yet: {}", ready.stream().map(OwnedPartition::number).toList(), e.getMessage());
        }
    }

    /** The results partition is read to its log end: record its kept paid submits (if any), then open it. */
    private void finishRestore(OwnedPartition part) {
        List<ProducerRecord<byte[], byte[]>> kept = tx.recordKept(part.number(), part::known);
        if (kept.isEmpty()) {
            ready(part, List.of());
            return;
        }
        part.recording();
        List<Outcome> recorded = kept.stream().map(r -> OutcomeCodec.read(r.value())).toList();
        tx.afterCommit(part.number(), () -> ready(part, recorded));
    }

    private void ready(OwnedPartition part, List<Outcome> recordedHere) {
        recordedHere.forEach(o -> part.advance(o.taskId(), TaskState.of(o)));
        List<Outcome> paid = new java.util.ArrayList<>(part.restored());
        paid.addAll(recordedHere);
        part.inputs().forEach(tp -> partitions.pauses().remove(tp, PauseReason.RESTORING));
        paid.forEach(o -> reader.resumeIfPaid(part, o));
        reader.restored(part);
        log.info("Restored results partition {} to offset {}: polling {} paid tasks again", part.number(), part.restoreEnd(),
                paid.size());
    }

    /** The consumer's position if it is known now, else -1: never waits. */
    private long knownPosition(TopicPartition tp) {
        try {
            return consumer.position(tp, Duration.ZERO);
        } catch (TimeoutException e) {
            return -1;
        }
    }

    /** Partition p of every co-partitioned topic, or none of them: otherwise the idempotence rule breaks. */
    private Set<Integer> checkCoPartitioned(Collection<TopicPartition> assigned) {
        List<String> topics = layout.coPartitionedTopics();
        Map<Integer, Set<String>> byNumber = assigned.stream().collect(Collectors.groupingBy(TopicPartition::partition,
                Collectors.mapping(TopicPartition::topic, Collectors.toSet())));
        for (Map.Entry<Integer, Set<String>> e : byNumber.entrySet()) {
            if (!e.getValue().containsAll(topics)) {
                Set<String> missing = new TreeSet<>(topics);
                missing.removeAll(e.getValue());
                throw new CaptchaFleetException("Assignment breaks co-partitioning: this worker got partition " + e.getKey()
                        + " of " + new TreeSet<>(e.getValue()) + " but not of " + missing + ". Every keyed topic must have the"
                        + " same partition count and the group must use the range assignor.", ExitCode.USAGE);
            }
        }
        return byNumber.keySet();
    }
}
