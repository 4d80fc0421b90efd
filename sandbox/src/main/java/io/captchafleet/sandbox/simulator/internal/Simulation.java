package io.captchafleet.sandbox.simulator.internal;

import java.util.Map;

import io.captchafleet.sandbox.simulator.Faults;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SimulatorStats;
import io.captchafleet.sandbox.simulator.TaskStats;

/**
 * The simulator's state without its HTTP edge: account, task book, counters and dice, and the
 * endpoints that read and change them. Thread-safe.
 */
final class Simulation {
    private final Account account;
    private final TaskBook book = new TaskBook();
    private final Counters counters = new Counters();
    private final FaultDice faultDice;
    private final Map<String, Endpoint> endpoints;

    Simulation(SimulatorSettings settings) {
        this.account = new Account(settings);
        this.faultDice = new FaultDice(settings.seed(), settings.faults());
        SolverCore core = new SolverCore(settings, account, book, counters);
        LegacyApi legacy = new LegacyApi(core);
        JsonApi json = new JsonApi(core);
        AdminApi admin = new AdminApi(this);
        this.endpoints = Map.of(
                "/in.php", Endpoint.submit(legacy::submit),
                "/res.php", Endpoint.api(legacy::result),
                "/createTask", Endpoint.submit(json::createTask),
                "/getTaskResult", Endpoint.api(json::getTaskResult),
                "/getBalance", Endpoint.api(json::getBalance),
                "/stats", Endpoint.admin(admin::stats),
                "/stats/tasks", Endpoint.admin(admin::taskStats),
                "/admin/refill", Endpoint.admin(admin::refill),
                "/admin/faults", Endpoint.admin(admin::faults));
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

    void refill(long submits) {
        account.refill(submits);
    }

    void setFaults(Faults faults) {
        faultDice.setFaults(faults);
    }

    void setKey(String key) {
        account.setRequiredKey(key);
    }
}
