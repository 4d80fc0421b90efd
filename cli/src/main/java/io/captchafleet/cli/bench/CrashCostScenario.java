package io.captchafleet.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.captchafleet.cli.fleet.Fleet;
import io.captchafleet.cli.fleet.FleetSettings;
import io.captchafleet.cli.fleet.WorkerNode;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;

/**
 * 7. Tasks billed twice per SIGKILL of a busy worker: a victim and a survivor share a batch without
 * faults (so every double payment is a crash's), the victim is killed whenever it has tasks in flight
 * and restarted under its instance id; the tasks billed more than once are counted between kills.
 */
final class CrashCostScenario implements Scenario {
    private static final int LEDGER_WINDOW = 16;

    @Override
    public String name() {
        return "crash";
    }

    @Override
    public String title() {
        return "7. Crash cost";
    }

    @Override
    public String measures() {
        return "What a crash costs: a busy worker is killed (SIGKILL) again and again and restarted; the tasks the "
                + "provider billed twice because of each kill are counted.";
    }

    @Override
    public void run(BenchContext ctx, ScenarioResult r) throws Exception {
        int kills = ctx.scaled(20, 3);
        int tasks = kills * 1_500;
        r.parameter("workers", 2).parameter("kills", kills).parameter("tasks", tasks).parameter("latency", "uniform:1s-3s")
                .parameter("--ledger-window", LEDGER_WINDOW).parameter("--session-timeout", "6s").parameter("poll", "300 ms");
        SimulatorSettings sim = SimulatorSettings.builder().latency(Latency.uniform(Duration.ofSeconds(1), Duration.ofSeconds(3))).seed(7).build();
        FleetSettings settings = BenchContext.standard(sim).withWorkerFlag("--poll-initial-delay", "300ms")
                .withWorkerFlag("--poll-interval", "300ms").withWorkerFlag("--session-timeout", "6s")
                .withWorkerFlag("--ledger-window", Integer.toString(LEDGER_WINDOW));
        try (Fleet fleet = ctx.fleet(name(), settings)) {
            WorkerNode victim = fleet.startWorker("crash-victim");
            fleet.startWorker("crash-survivor");
            long solvedBefore = fleet.simulator().stats().solved();
            fleet.submit("crash", tasks);
            List<Long> perKill = new ArrayList<>();
            long billedTwice = fleet.simulator().stats().tasksBilledMoreThanOnce();
            for (int i = 0; i < kills; i++) {
                Waits.until(() -> victim.metrics().map(m -> m.sum("captcha_fleet_in_flight") >= 50).orElse(false),
                        Duration.ofMinutes(5), "the victim busy");
                victim.killAndRestart();
                // The restarted victim (or the survivor) settles the dead process's tasks before the next kill.
                Waits.until(() -> victim.metrics().map(m -> m.sum("captcha_fleet_in_flight") >= 50).orElse(false),
                        Duration.ofMinutes(5), "the restarted victim busy");
                long now = fleet.simulator().stats().tasksBilledMoreThanOnce();
                perKill.add(now - billedTwice);
                billedTwice = now;
                ctx.log("crash kill %d: %d tasks billed twice", i + 1, perKill.get(perKill.size() - 1));
            }
            Waits.until(() -> fleet.simulator().stats().solved() - solvedBefore >= tasks, Duration.ofHours(1), "the batch");
            BatchRun.requireAllSolved(fleet, r, "crash", tasks);
            long total = fleet.simulator().stats().tasksBilledMoreThanOnce();
            double mean = total / (double) kills;
            long max = perKill.stream().mapToLong(Long::longValue).max().orElse(0);
            r.figure("tasks billed twice, total", total).figure("mean per kill", mean).figure("max per kill", max).figure("per kill", perKill);
            r.goal(Goal.atMost("mean tasks billed twice per kill", 1, mean, "%.2f"));
            r.goal(Goal.atMost("most tasks billed twice by one kill", LEDGER_WINDOW, max, "%.0f"));
            r.note("A kill's double payments are those the simulator saw between it and the restarted victim's being busy again; the"
                    + " total also counts any that came later.");
        }
    }
}
