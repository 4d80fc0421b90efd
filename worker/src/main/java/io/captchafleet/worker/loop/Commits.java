package io.captchafleet.worker.loop;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

import io.captchafleet.worker.loop.partitions.OffsetTracker;
import io.captchafleet.worker.loop.partitions.OwnedPartition;
import io.captchafleet.worker.loop.partitions.PartitionBook;
import io.captchafleet.worker.loop.tx.Transactions;
import io.captchafleet.worker.loop.tx.TxResult;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the loop commits and with which offsets: whenever paid submits stand unrecorded (the ledger), at
 * least every {@code --commit-interval-ms}, and again while a commit is pending; each input partition up
 * to its lowest unfinished offset, or its position when nothing there is unfinished. Confined to the loop
 * thread.
 */
final class Commits {
    private static final Logger log = LoggerFactory.getLogger(Commits.class);
    /** After a commit that did not go through, the next try waits this long (the loop keeps turning). */
    static final long RETRY_MS = 100;

    private final Transactions tx;
    private final PartitionBook partitions;
    private final Consumer<?, ?> consumer;
    private final Duration interval;
    private final Clock clock;
    private long retryAtMs;

    Commits(Transactions tx, PartitionBook partitions, Consumer<?, ?> consumer, Duration interval, Clock clock) {
        this.tx = tx;
        this.partitions = partitions;
        this.consumer = consumer;
        this.interval = interval;
        this.clock = clock;
    }

    /** Commits if it is time to; answers what happened ({@link TxResult#NOTHING_TO_DO} when it was not time). */
    TxResult ifDue() {
        long now = clock.millis();
        if (now < retryAtMs) {
            return TxResult.NOTHING_TO_DO;
        }
        boolean intervalPassed = now - tx.lastCommitMs() >= interval.toMillis();
        if (!tx.paidSubmitsWaiting() && !intervalPassed && tx.waitingFor() == null) {
            return TxResult.NOTHING_TO_DO;
        }
        TxResult result = now();
        if (result == TxResult.RETRY) {
            retryAtMs = now + RETRY_MS;
        }
        return result;
    }

    /** Commits what is finished with the input offsets, and marks the offsets committed. */
    TxResult now() {
        TxResult result = tx.commit(offsets());
        if (result == TxResult.COMMITTED) {
            tx.lastCommittedOffsets().forEach((tp, o) -> {
                OffsetTracker tracker = partitions.tracker(tp);
                if (tracker != null) {
                    tracker.committed(o.offset());
                }
            });
        }
        return result;
    }

    /**
     * Commits, trying again until it goes through, the group rejects it, or {@code budget} has passed;
     * between tries {@code waitFor} waits (and may handle what arrives meanwhile).
     */
    TxResult within(Duration budget, String what, LongFunction<Boolean> waitFor) {
        // Real time, not the loop's clock: this waits for the cluster and the solver, which answer in real time.
        long deadline = System.nanoTime() + budget.toNanos();
        while (true) {
            TxResult result = now();
            boolean done = result == TxResult.COMMITTED || result == TxResult.NOTHING_TO_DO;
            if ((done && !tx.hasWork()) || result == TxResult.MOVED_ON || result == TxResult.FENCED) {
                return result;
            }
            if (System.nanoTime() - deadline >= 0) {
                log.warn("The commit for {} did not go through within {} s ({}): the unwritten work of partitions that"
                        + " move away is left to their next owner", what, budget.toSeconds(), tx.waitingFor());
                return result;
            }
            waitFor.apply(RETRY_MS);
        }
    }

    /**
     * The offsets that moved. When none moved but records are to be written, one unchanged offset still goes
     * with the transaction: it is what fences it with the group generation, so a worker the group has moved
     * past cannot commit.
     */
    private Map<TopicPartition, OffsetAndMetadata> offsets() {
        Map<TopicPartition, OffsetAndMetadata> moved = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> fence = new HashMap<>();
        Set<TopicPartition> assigned = consumer.assignment();
        for (OwnedPartition part : partitions.all()) {
            part.trackers().forEach((tp, tracker) -> {
                if (!assigned.contains(tp)) {
                    return;
                }
                if (part.ready()) {
                    // Every record before the position has been handled or sought back to; the position may be
                    // past the last record because of transaction markers, which never arrive as records.
                    advanceToPosition(tp, tracker);
                }
                if (tracker.needsCommit()) {
                    moved.put(tp, new OffsetAndMetadata(tracker.commitOffset()));
                } else if (fence.isEmpty() && tracker.commitOffset() >= 0) {
                    fence.put(tp, new OffsetAndMetadata(tracker.commitOffset()));
                }
            });
        }
        return !moved.isEmpty() || !tx.hasWork() ? moved : fence;
    }

    private void advanceToPosition(TopicPartition tp, OffsetTracker tracker) {
        try {
            tracker.advanceTo(consumer.position(tp, Duration.ZERO));
        } catch (TimeoutException e) {
            log.debug("No position for {} yet", tp);
        }
    }
}
