package io.captchafleet.producer.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.Timestamps;
import io.captchafleet.common.fleet.FleetState;
import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.serde.Json;
import io.captchafleet.producer.state.WorkerGroup;

/** {@code status --json}: the same report as one JSON object, snake_case like the records. Stateless. */
public final class StatusJson {
    private StatusJson() {
    }

    public static ObjectNode render(StatusReport r) {
        ObjectNode root = Json.object();
        root.put("at", Timestamps.format(r.at()));
        root.set("fleet", fleet(r.fleet()));
        ObjectNode workers = root.putObject("workers");
        ArrayNode members = workers.putArray("members");
        for (WorkerGroup.Member m : r.workers().members()) {
            members.addObject().put("instance_id", m.instanceId()).put("client_id", m.clientId()).put("host", m.host())
                    .put("partitions", m.partitions());
        }
        workers.put("lag", r.workers().totalLag());
        ObjectNode lagByTopic = workers.putObject("lag_by_topic");
        r.workers().lag().forEach(lagByTopic::put);
        ArrayNode batches = root.putArray("batches");
        for (BatchStatus b : r.batches()) {
            ObjectNode o = batches.addObject();
            o.put("batch", b.manifest().batch());
            o.put("generation", b.manifest().generation());
            o.put("source", b.manifest().source());
            o.put("created_at", Timestamps.format(b.manifest().createdAt()));
            o.put("total", b.manifest().total());
            o.put("solved", b.solved());
            o.put("failed", b.failed());
            ObjectNode byError = o.putObject("failed_by_error");
            b.failedByError().forEach(byError::put);
            o.put("in_flight", b.inFlight());
            o.put("retrying", b.retrying());
            o.put("pending", b.pending());
            o.put("paid_submits", b.paidSubmits());
            o.put("rate_per_second", b.ratePerSecond());
            if (b.eta().isPresent()) {
                o.put("eta_seconds", b.eta().get().toSeconds());
            } else {
                o.putNull("eta_seconds");
            }
            o.put("finished", b.finished());
            o.put("cancelled", b.cancelled());
            o.put("cancelled_at", b.cancelled() ? Timestamps.format(b.control().cancelledAt()) : null);
            o.put("cancel_reason", b.cancelled() ? b.control().cancelledBecause() : null);
            o.put("spent", b.spent().toPlainString());
            o.put("cost_per_solved", b.costPerSolved().map(java.math.BigDecimal::toPlainString).orElse(null));
            o.put("uncosted_paid_submits", b.uncosted());
            o.put("max_spend", b.maxSpend().map(java.math.BigDecimal::toPlainString).orElse(null));
            if (b.balance().isPresent()) {
                o.putObject("balance").put("amount", b.balance().get().amount()).put("at", b.balance().get().at());
            } else {
                o.putNull("balance");
            }
        }
        ArrayNode purged = root.putArray("purged");
        for (StatusReport.Purged p : r.purged()) {
            purged.addObject().put("batch", p.batch()).put("purged_at", Timestamps.format(p.at()));
        }
        return root;
    }

    /**
     * The fleet's state as {@code status}, {@code halt} and {@code resume} print it: {@code halted}, and
     * while halted {@code since}, {@code type} (FATAL or HALT), {@code code}, {@code task_id}, {@code worker},
     * {@code message}.
     */
    public static ObjectNode fleet(FleetState state) {
        ObjectNode fleet = Json.object();
        fleet.put("halted", state.halted());
        state.haltedBy().ifPresent(e -> halt(fleet, e));
        return fleet;
    }

    private static void halt(ObjectNode fleet, FleetEvent e) {
        fleet.put("since", Timestamps.format(e.at()));
        fleet.put("type", e.type().name());
        fleet.put("code", e.code());
        fleet.put("task_id", e.taskId());
        fleet.put("worker", e.worker());
        fleet.put("message", e.message());
    }
}
