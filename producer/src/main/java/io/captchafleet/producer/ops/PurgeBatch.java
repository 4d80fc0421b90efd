package io.captchafleet.producer.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.CaptchaFleetException;
import io.captchafleet.common.InputException;
import io.captchafleet.common.Timestamps;
import io.captchafleet.common.config.ExitCode;
import io.captchafleet.common.fleet.BatchControl;
import io.captchafleet.common.fleet.FleetState;
import io.captchafleet.common.model.BatchManifest;
import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.producer.kafka.FleetTopics;
import io.captchafleet.producer.kafka.Futures;
import io.captchafleet.producer.kafka.KafkaClients;
import io.captchafleet.producer.kafka.TopicScan;
import io.captchafleet.producer.state.BatchTally;
import io.captchafleet.producer.state.Batches;
import io.captchafleet.producer.state.FleetStates;
import io.captchafleet.producer.state.OutcomeTally;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code purge --batch B [--force]}: deletes a finished batch, so that compaction frees its records and every
 * worker forgets it. Refused for a batch with a task not yet terminal; with {@code --force}, a cancelled batch
 * once none of its tasks is in flight (paid and being polled).
 *
 * <p>The order is what makes it safe. The PURGE event goes first: a worker that reads it skips the batch's
 * records, ignores its outcomes and evicts it, so no tombstone can make a worker forget a solved task and pay
 * for it again. Then a tombstone for every results key of the batch, its manifest and its verdicts. A worker
 * that had not read the PURGE yet may still write an outcome of the batch (only a submit it had on the wire
 * when the batch was cancelled can lead to one): the results written after the tombstones are read again,
 * after a pause of {@code quiet}, and deleted the same way, until a pass finds none. A purge run again on a
 * purged batch deletes whatever of it is left. Runs on the calling thread.
 */
public final class PurgeBatch {
    /** How many times the results written after the tombstones are read again, at most. */
    private static final int MAX_SWEEPS = 5;

    private final KafkaClients clients;
    private final TopicLayout layout;
    private final String operator;
    private final Duration quiet;

    /**
     * @param operator who is acting, recorded as the PURGE event's {@code worker}
     * @param quiet    how long to wait before reading what workers wrote after the tombstones (workers read the PURGE
     *                 within about a second)
     */
    public PurgeBatch(KafkaClients clients, TopicLayout layout, String operator, Duration quiet) {
        this.clients = clients;
        this.layout = layout;
        this.operator = operator;
        this.quiet = quiet;
    }

    /**
     * What was deleted: {@code outcomes} results keys, {@code verdicts} verdict keys, and {@code stragglers} results
     * written after the first tombstones; {@code written} is false when the batch was purged before.
     */
    public record Result(String batch, boolean written, Instant purgedAt, long outcomes, long verdicts, long stragglers) {

        /** {@code purge --json}: {@code batch}, {@code written}, {@code purged_at}, {@code outcomes_deleted}, {@code verdicts_deleted}, {@code stragglers_deleted}. */
        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("batch", batch);
            o.put("written", written);
            o.put("purged_at", Timestamps.format(purgedAt));
            o.put("outcomes_deleted", outcomes);
            o.put("verdicts_deleted", verdicts);
            o.put("stragglers_deleted", stragglers);
            return o;
        }

        public String describe() {
            String deleted = outcomes + " outcomes" + (written ? ", its manifest" : "") + " and " + verdicts + " verdicts";
            if (!written) {
                return "Batch " + batch + " was purged at " + Timestamps.format(purgedAt) + "; "
                        + (outcomes + verdicts == 0 ? "nothing of it is left." : "deleted what was left of it: " + deleted + ".");
            }
            return "Batch " + batch + " purged at " + Timestamps.format(purgedAt) + ": deleted " + deleted
                    + (stragglers == 0 ? "" : " (" + stragglers + " written after the first tombstones)")
                    + ". Every worker forgets it; compaction frees the records.";
        }
    }

    /**
     * @param force purge a cancelled batch whose tasks are not all terminal, once none is in flight
     * @throws InputException when the batch is unknown, not finished (without {@code force}), not cancelled or still
     *                        in flight (with it)
     */
    public Result run(String batch, boolean force) {
        try (Admin admin = clients.admin()) {
            FleetTopics.require(admin, layout);
        }
        FleetState fleet = FleetStates.read(clients, layout);
        BatchControl control = fleet.batch(batch);
        if (control.purged()) {
            return deleteWhatIsLeft(batch, control.purgedAt());
        }
        BatchManifest manifest = Batches.read(clients, layout).require(batch);
        check(manifest, control, tally(batch), force);
        FleetControl.write(clients, layout, FleetEvent.purge(batch, operator, Instant.now()));
        Instant purgedAt = FleetStates.read(clients, layout).batch(batch).purgedAt();
        try (Producer<byte[], byte[]> producer = clients.idempotentProducer()) {
            BatchKeys keys = new BatchKeys(clients, producer);
            BatchKeys.Sweep results = keys.delete(layout.results(), batch);
            keys.deleteKey(layout.batches(), batch);
            long verdicts = verdictsExist() ? keys.delete(layout.verdicts(), batch).deleted() : 0;
            long stragglers = sweepStragglers(keys, results.ends(), batch);
            return new Result(batch, true, purgedAt, results.deleted(), verdicts, stragglers);
        }
    }

    private static void check(BatchManifest m, BatchControl control, BatchTally t, boolean force) {
        String batch = m.batch();
        long inFlight = t.count(OutcomeStatus.IN_FLIGHT);
        if (force) {
            if (!control.cancels(m.generation())) {
                throw new InputException("--force purges a cancelled batch only: batch " + batch + " is not cancelled. Run"
                        + " 'captcha-fleet cancel --batch " + batch + "' first, or wait until it has finished and purge it without --force");
            }
            if (inFlight > 0) {
                throw new InputException("Batch " + batch + " still has " + inFlight + " tasks in flight (paid, being polled):"
                        + " purge it once they have ended ('captcha-fleet status --batch " + batch + "' shows them)");
            }
            return;
        }
        long open = m.total() - t.finished();
        if (open > 0) {
            long pending = Math.max(0, m.total() - t.known());
            throw new InputException("Batch " + batch + " is not finished: " + open + " of " + m.total() + " tasks have no final"
                    + " outcome (" + inFlight + " in flight, " + t.count(OutcomeStatus.RETRYING) + " retrying, " + pending + " pending)."
                    + " Wait until it has finished, or cancel it ('captcha-fleet cancel --batch " + batch + "') and purge it with"
                    + " --force once nothing is in flight");
        }
    }

    /** The batch's tasks by their latest status. */
    private BatchTally tally(String batch) {
        OutcomeTally tally = new OutcomeTally(Optional.of(batch));
        try (Consumer<byte[], byte[]> consumer = clients.reader()) {
            TopicScan.fromBeginning(consumer, List.of(layout.results())).toEnd(tally::accept);
        }
        return tally.of(batch);
    }

    /** Reads what was written after the tombstones until a pass finds nothing of the batch; returns what it deleted. */
    private long sweepStragglers(BatchKeys keys, Map<TopicPartition, Long> from, String batch) {
        long deleted = 0;
        for (int pass = 0; pass < MAX_SWEEPS; pass++) {
            pause();
            BatchKeys.Sweep sweep = keys.deleteFrom(from, batch);
            deleted += sweep.deleted();
            if (sweep.deleted() == 0) {
                break;
            }
            from = sweep.ends();
        }
        return deleted;
    }

    private Result deleteWhatIsLeft(String batch, Instant purgedAt) {
        try (Producer<byte[], byte[]> producer = clients.idempotentProducer()) {
            BatchKeys keys = new BatchKeys(clients, producer);
            long outcomes = keys.delete(layout.results(), batch).deleted();
            long verdicts = verdictsExist() ? keys.delete(layout.verdicts(), batch).deleted() : 0;
            if (Batches.read(clients, layout).find(batch).isPresent()) {
                keys.deleteKey(layout.batches(), batch);
            }
            return new Result(batch, false, purgedAt, outcomes, verdicts, 0);
        }
    }

    /** The verdicts topic exists only where the fleet reports verdicts; without it there is nothing to delete there. */
    private boolean verdictsExist() {
        try (Admin admin = clients.admin()) {
            Set<String> names = Futures.get(admin.listTopics().names());
            return names.contains(layout.verdicts());
        }
    }

    private void pause() {
        try {
            Thread.sleep(quiet.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaptchaFleetException("Interrupted while purging; run purge again to finish", ExitCode.INTERRUPTED, e);
        }
    }
}
