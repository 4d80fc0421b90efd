package io.captchafleet.sandbox.simulator.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import io.captchafleet.sandbox.simulator.Faults;
import io.captchafleet.sandbox.simulator.InvalidSettingException;

/**
 * What tests and operators see and change from outside: {@code GET /stats}, {@code GET /stats/tasks},
 * {@code GET /stats/reports},
 * {@code POST /admin/refill?submits=N}, {@code POST /admin/faults?spec=...}. Never faulty, never
 * counted. Thread-safe.
 */
final class AdminApi {
    private final Simulation simulation;

    AdminApi(Simulation simulation) {
        this.simulation = simulation;
    }

    Reply stats(Request request, FaultDraw none) {
        return Reply.json(simulation.stats());
    }

    Reply taskStats(Request request, FaultDraw none) {
        return Reply.json(simulation.taskStats());
    }

    Reply reports(Request request, FaultDraw none) {
        return Reply.json(simulation.reports());
    }

    Reply refill(Request request, FaultDraw none) {
        if (!"POST".equals(request.method())) {
            return Reply.text(405, "Use POST /admin/refill?submits=N");
        }
        String submits = request.params().get("submits");
        OptionalLong n = TaskBook.parseId(submits).filter(v -> v >= 0).map(OptionalLong::of).orElse(OptionalLong.empty());
        if (n.isEmpty()) {
            return Reply.text(400, "Invalid value " + submits + " for submits: must be a whole number of at least 0");
        }
        simulation.refill(n.getAsLong());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("balance_remaining", simulation.stats().balanceRemaining());
        return Reply.json(answer);
    }

    Reply faults(Request request, FaultDraw none) {
        if (!"POST".equals(request.method())) {
            return Reply.text(405, "Use POST /admin/faults?spec=no-slot=0.05,garbage=0.02");
        }
        String spec = request.params().get("spec");
        try {
            Faults faults = Faults.parse(spec == null ? "" : spec);
            simulation.setFaults(faults);
            return Reply.json(Map.of("faults", faults.toString()));
        } catch (InvalidSettingException e) {
            return Reply.text(400, e.getMessage());
        }
    }
}
