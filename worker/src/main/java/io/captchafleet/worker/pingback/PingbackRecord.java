package io.captchafleet.worker.pingback;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.serde.StrictObject;

/**
 * One provider callback as a worker received it, on the pingbacks topic (keyed by solver id):
 * {@code {"v":1,"solver_task_id":…,"code":…,"received_at":…,"worker":…}}. {@code code} is what the provider
 * sent (a token, or an error code); the secret of the URL it called is never part of it. Immutable.
 *
 * @param worker the instance id of the process that received it
 */
record PingbackRecord(String solverId, String code, Instant receivedAt, String worker) {
    private static final String WHAT = "pingback";

    PingbackRecord {
        Objects.requireNonNull(solverId, "solverId");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    byte[] write() {
        ObjectNode o = Json.object();
        o.put("v", StrictObject.VERSION);
        o.put("solver_task_id", solverId);
        if (code != null) {
            o.put("code", code);
        }
        o.put("received_at", receivedAt.toString());
        if (worker != null) {
            o.put("worker", worker);
        }
        return Json.writeBytes(o);
    }

    /** @throws io.captchafleet.common.serde.RecordFormatException naming what is wrong (a newer version, a missing field) */
    static PingbackRecord read(byte[] bytes) {
        StrictObject o = StrictObject.parseVersioned(bytes, WHAT);
        return new PingbackRecord(o.requiredText("solver_task_id"), o.optionalText("code"), o.requiredInstant("received_at"),
                o.optionalText("worker"));
    }
}
