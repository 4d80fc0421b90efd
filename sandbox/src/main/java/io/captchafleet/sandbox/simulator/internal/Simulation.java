package io.captchafleet.sandbox.simulator.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.captchafleet.sandbox.simulator.Faults;
import io.captchafleet.sandbox.simulator.Pingbacks;
import io.captchafleet.sandbox.simulator.ReportCounts;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SimulatorStats;
import io.captchafleet.sandbox.simulator.TaskStats;

/**
 * The simulator's state without its HTTP edge: account, task book, counters and dice, the endpoints
 * that read and change them, and the memory that keeps them across restarts when the settings name a
 * state directory. Thread-safe.
 */
final class Simulation implements AutoCloseable {
    private final Account account;
    private final TaskBook book = new TaskBook();
    private final Counters counters = new Counters();
    private final FaultDice faultDice;
    private final Map<String, Endpoint> endpoints;
    private final Memory memory;
    private final PingbackSender pingbacks;

    Simulation(SimulatorSettings settings) {
        this.account = new Account(settings);
        this.faultDice = new FaultDice(settings.seed(), settings.faults());
        // The core replays the journal before the memory exists, so replaying writes nothing back.
        SolverCore replaying = new SolverCore(settings, account, book, counters, Memory.NONE);
        StateDirectory state = settings.stateDir()
                .map(dir -> StateDirectory.open(dir.toAbsolutePath(), replaying::restore, this::restoreCounters))
                .orElse(null);
        this.memory = state == null ? Memory.NONE : state;
        if (state != null) {
            state.snapshotEverySecond(() -> counters.requestCounts(book));
        }
        SolverCore core = new SolverCore(settings, account, book, counters, memory);
        this.pingbacks = new PingbackSender(settings, counters, core::answered);
        LegacyApi legacy = new LegacyApi(core, pingbacks);
        JsonApi json = new JsonApi(core, pingbacks);
        AdminApi admin = new AdminApi(this);
        this.endpoints = Map.ofEntries(
                Map.entry("/in.php", Endpoint.submit(legacy::submit)),
                Map.entry("/res.php", Endpoint.api(legacy::result)),
                Map.entry("/createTask", Endpoint.submit(json::createTask)),
                Map.entry("/getTaskResult", Endpoint.api(json::getTaskResult)),
                Map.entry("/getBalance", Endpoint.api(json::getBalance)),
                Map.entry("/reportIncorrectRecaptcha", Endpoint.api(json.report(false))),
                Map.entry("/reportIncorrectImageCaptcha", Endpoint.api(json.report(false))),
                Map.entry("/reportIncorrectHcaptcha", Endpoint.api(json.report(false))),
                Map.entry("/reportIncorrectTokenCaptcha", Endpoint.api(json.report(false))),
                Map.entry("/reportCorrectRecaptcha", Endpoint.api(json.report(true))),
                Map.entry("/stats", Endpoint.admin(admin::stats)),
                Map.entry("/stats/tasks", Endpoint.admin(admin::taskStats)),
                Map.entry("/stats/reports", Endpoint.admin(admin::reports)),
                Map.entry("/admin/refill", Endpoint.admin(admin::refill)),
                Map.entry("/admin/faults", Endpoint.admin(admin::faults)));
    }

    private void restoreCounters(CounterSnapshot snapshot) {
        counters.restore(snapshot);
        snapshot.rejectedByTask().forEach((identity, rejected) ->
                book.existingHistory(identity).ifPresent(h -> h.restoreCounts(rejected, 0)));
        snapshot.pollsById().forEach((id, polls) -> book.find(Long.toString(id)).ifPresent(s -> {
            s.restorePolls(polls);
            s.history().restoreCounts(0, polls);
        }));
    }

    Map<String, Endpoint> endpoints() {
        return endpoints;
    }

    Counters counters() {
        return counters;
    }

    FaultDice faultDice() {
        return faultDice;
    }

    SimulatorStats stats() {
        return counters.snapshot(account.balanceRemaining());
    }

    Map<String, TaskStats> taskStats() {
        return book.snapshot();
    }

    Map<String, ReportCounts> reports() {
        return book.reportsById();
    }

    void refill(long submits) {
        account.refill(submits);
        memory.refilled(submits);
    }

    void setFaults(Faults faults) {
        faultDice.setFaults(faults);
    }

    void setKey(String key) {
        account.setRequiredKey(key);
    }

    void setPingbacks(Pingbacks p) {
        pingbacks.setPingbacks(p);
    }

    /** When the answer of this solver id is (or was) ready; empty for an id it never issued. */
    Optional<Instant> readyAt(String solverId) {
        return book.find(solverId).map(s -> Instant.ofEpochMilli(s.readyAt()));
    }

    /** Saves the counters a last time and releases the state directory; call once nothing is served any more. */
    @Override
    public void close() {
        pingbacks.close();
        memory.close();
    }
}
