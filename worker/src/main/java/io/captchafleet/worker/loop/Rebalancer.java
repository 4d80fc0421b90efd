package io.captchafleet.worker.loop;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.captchafleet.common.CaptchaFleetException;
import io.captchafleet.common.config.ExitCode;
import io.captchafleet.common.topics.TopicLayout;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the loop's state in step with the group's assignment (classic protocol, eager range
 * assignment: every rebalance revokes everything, then assigns the new set).
 *
 * <p>On revocation it commits what is finished. It waits for the new assignment before dropping
 * anything: partitions given back to this worker keep their tasks in flight, their restored table and
 * their positions (nobody else can have owned them in between). Partitions that moved away lose their
 * local polls (their {@code in_flight} records let the new owner continue). New partitions restore
 * their results partition from the beginning before any of their records is handled, up to the log
 * end as it stood at assignment: every transaction a former owner wrote there before the rebalance is
 * then resolved (its markers written, or aborted by its time-out after a crash) and read. Lost
 * partitions are dropped without committing. Runs inside {@code consumer.poll}, on the loop thread.
 */
final class Rebalancer implements ConsumerRebalanceListener {
    private static final Logger log = LoggerFactory.getLogger(Rebalancer.class);

    private final Consumer<byte[], byte[]> consumer;
    private final Consumer<byte[], byte[]> logEnds;
    private final LoopState state;
    private final TopicLayout layout;
    private final Commits commits;
    private final StrandedSubmits stranded;

    /** The transactions a rebalance needs. */
    interface Commits {
        /** Commits the pending batch; returns false when the group rejected it. */
        boolean commitOnRevoke();

        /** Lets the submits on the wire resolve, so that the paid ones join the pending batch. */
        void settleSubmits();

        /** Moves the log end of results partitions about to be restored (an aborted write). */
        void writeAbortedBarrier(Set<TopicPartition> results);
    }

    /** {@code logEnds} is a read_uncommitted consumer asked only for end offsets (the log end, not the LSO). */
    Rebalancer(Consumer<byte[], byte[]> consumer, Consumer<byte[], byte[]> logEnds, LoopState state, TopicLayout layout,
               Commits commits, StrandedSubmits stranded) {
        this.consumer = consumer;
        this.logEnds = logEnds;
        this.state = state;
        this.layout = layout;
        this.commits = commits;
        this.stranded = stranded;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        state.rebalancing = true;
        if (!commits.commitOnRevoke()) {
            dropAll("the group rejected the commit on revocation");
            return;
        }
        for (int p : state.owned) {
            TopicPartition results = new TopicPartition(layout.results(), p);
            if (partitions.contains(results) && !state.restoring.containsKey(p)) {
                state.resultsPositions.put(p, consumer.position(results));
            }
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        Set<Integer> numbers = checkCoPartitioned(partitions);
        Set<Integer> previously = new HashSet<>(state.owned);
        Set<Integer> moved = new HashSet<>(previously);
        moved.removeAll(numbers);
        // Outcomes of moved partitions that arrived during the rebalance are not committed late: the new
        // owner polls those paid tasks itself, and a second terminal record would only duplicate its own.
        state.pending.dropPartitions(moved);
        moved.forEach(p -> drop(p, "moved to another worker"));
        stranded.forgetAllBut(numbers); // the rest are written when their restore ends
        List<String> inputs = layout.inputTopics();
        Set<TopicPartition> toRestore = new HashSet<>();
        for (int p : numbers) {
            TopicPartition results = new TopicPartition(layout.results(), p);
            Long tail = state.resultsPositions.get(p);
            if (previously.contains(p) && tail != null) {
                consumer.seek(results, tail);
                for (String topic : inputs) {
                    TopicPartition tp = new TopicPartition(topic, p);
                    OffsetTracker tracker = state.trackers.get(tp);
                    consumer.seek(tp, tracker.position());
                }
            } else {
                toRestore.add(results);
            }
        }
        if (!toRestore.isEmpty()) {
            commits.writeAbortedBarrier(toRestore);
            Map<TopicPartition, Long> logEnd = logEnds.endOffsets(toRestore);
            toRestore.forEach(results -> startRestore(results.partition(), results, logEnd.get(results), inputs));
        }
        state.owned.clear();
        state.owned.addAll(numbers);
        Set<TopicPartition> assignedInputs = partitions.stream().filter(tp -> !tp.topic().equals(layout.results()))
                .collect(Collectors.toSet());
        state.pauses.retainOnly(assignedInputs);
        state.recountLedger();
        state.rebalancing = false;
        log.info("Assigned partitions {} (restoring {})", new TreeSet<>(numbers), new TreeSet<>(state.restoring.keySet()));
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        dropAll("partitions lost");
    }

    /**
     * Drops every partition's state, e.g. after the group rejected a commit. The pending batch goes too,
     * except its paid submits' {@code in_flight} records (those of submits still on the wire included,
     * once they resolve, and those of the last commit): {@link StrandedSubmits} records the missing ones
     * after the partitions' next restore here, so a group that moved on only because the broker
     * restarted costs no payment.
     */
    void dropAll(String why) {
        commits.settleSubmits();
        stranded.keep(state.pending.clearKeepingPaidSubmits());
        for (int p : Set.copyOf(state.owned)) {
            drop(p, why);
        }
        state.recountLedger();
    }

    private void drop(int p, String why) {
        List<InFlightTask> dropped = state.dropPartition(p);
        dropped.forEach(InFlightTask::cancelSolve);
        log.info("Dropped partition {} ({}): {} local tasks cancelled, their in_flight records let the owner continue",
                p, why, dropped.size());
    }

    private void startRestore(int p, TopicPartition results, long logEnd, List<String> inputs) {
        state.table.drop(p);
        consumer.seekToBeginning(List.of(results));
        state.restoring.put(p, logEnd);
        List<TopicPartition> held = new ArrayList<>();
        for (String topic : inputs) {
            TopicPartition tp = new TopicPartition(topic, p);
            state.trackers.put(tp, new OffsetTracker(consumer.position(tp)));
            state.pauses.add(tp, PauseReason.RESTORING);
            held.add(tp);
        }
        // Paused here, not only in the book: the poll running this callback may go on to return records
        // of the new partitions, and none may be judged before its results partition is read.
        consumer.pause(held);
    }

    /** Partition p of every co-partitioned topic, or none of them: otherwise the idempotence rule breaks. */
    private Set<Integer> checkCoPartitioned(Collection<TopicPartition> partitions) {
        List<String> topics = layout.coPartitionedTopics();
        Map<Integer, Set<String>> byNumber = partitions.stream().collect(Collectors.groupingBy(TopicPartition::partition,
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
