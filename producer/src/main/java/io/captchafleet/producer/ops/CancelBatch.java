package io.captchafleet.producer.ops;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.Timestamps;
import io.captchafleet.common.fleet.BatchControl;
import io.captchafleet.common.fleet.FleetState;
import io.captchafleet.common.model.BatchManifest;
import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.producer.kafka.FleetTopics;
import io.captchafleet.producer.kafka.KafkaClients;
import io.captchafleet.producer.state.Batches;
import io.captchafleet.producer.state.FleetStates;
import org.apache.kafka.clients.admin.Admin;

/**
 * {@code cancel --batch B}: a CANCEL event for the batch's newest generation on the fatal-errors topic
 * (outside any transaction, acknowledged by the broker). Every worker reads it within about a second: no
 * new submit for the batch, its unpaid tasks end failed with {@code CANCELLED}, paid ones are polled to
 * their answer. {@code retry-failed --error CANCELLED} brings it back as the next generation. Cancelling a
 * cancelled batch again writes nothing. Runs on the calling thread.
 */
public final class CancelBatch {
    private final KafkaClients clients;
    private final TopicLayout layout;
    private final String operator;

    /** @param operator who is acting, recorded as the event's {@code worker} */
    public CancelBatch(KafkaClients clients, TopicLayout layout, String operator) {
        this.clients = clients;
        this.layout = layout;
        this.operator = operator;
    }

    /** What the command did: {@code written} is false when the batch was cancelled already. */
    public record Result(String batch, int generation, boolean written, BatchControl control) {

        /** {@code cancel --json}: {@code batch}, {@code generation}, {@code written}, {@code cancelled_at}, {@code reason}. */
        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("batch", batch);
            o.put("generation", generation);
            o.put("written", written);
            o.put("cancelled_at", Timestamps.format(control.cancelledAt()));
            o.put("reason", control.cancelledBecause());
            return o;
        }

        public String describe() {
            String since = " since " + Timestamps.format(control.cancelledAt())
                    + (control.cancelledBecause() == null ? "" : " (" + control.cancelledBecause() + ")");
            if (!written) {
                return "Batch " + batch + " was already cancelled" + since + "; nothing written.";
            }
            return "Batch " + batch + " cancelled" + since + ": no new submits; its unpaid tasks end failed with CANCELLED, paid ones"
                    + " are polled to their answer. 'captcha-fleet retry-failed --batch " + batch + " --error CANCELLED' brings it back.";
        }
    }

    /**
     * @param reason why, shown by {@code status}; may be null
     * @throws io.captchafleet.common.InputException when the fleet's topics or the batch do not exist, or the batch was purged
     */
    public Result run(String batch, String reason) {
        try (Admin admin = clients.admin()) {
            FleetTopics.require(admin, layout);
        }
        FleetState before = FleetStates.read(clients, layout);
        BatchManifest manifest = Batches.read(clients, layout).require(batch, before);
        if (before.batch(batch).cancels(manifest.generation())) {
            return new Result(batch, manifest.generation(), false, before.batch(batch));
        }
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        FleetControl.write(clients, layout, FleetEvent.cancel(batch, manifest.generation(), why, operator, Instant.now()));
        return new Result(batch, manifest.generation(), true, FleetStates.read(clients, layout).batch(batch));
    }
}
