package io.captchafleet.cli.bench;

import java.time.Duration;
import java.util.Map;

import io.captchafleet.cli.fleet.Fleet;
import io.captchafleet.cli.fleet.WorkerNode;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SimulatorStats;

/** 3. Requests to the solver per solved task, with multi-id polling and without (one id per request). */
final class EconomyScenario implements Scenario {
    @Override
    public String name() {
        return "economy";
    }

    @Override
    public String title() {
        return "3. API economy";
    }

    @Override
    public String measures() {
        return "How many requests the provider receives per solved task (submits and polls), with polls that ask for"
                + " many ids at once and with one id per poll.";
    }

    @Override
    public void run(BenchContext ctx, ScenarioResult r) throws Exception {
        int tasks = ctx.scaled(5_000, 500);
        String latency = "uniform:5s-25s";
        r.parameter("workers", 1).parameter("tasks per run", tasks).parameter("latency", latency)
                .parameter("poll", "profile custom: first poll 5 s, then every 5 s").parameter("multi-id", "--multi-id-chunk 100 (default)")
                .parameter("single-id", "--multi-id-chunk 1");
        try (Fleet fleet = ctx.fleet(name(), SimulatorSettings.builder().latency(Latency.parse(latency)).seed(3).build())) {
            double multi = perTask(fleet, r, "econ-multi", tasks, Map.of());
            double single = perTask(fleet, r, "econ-single", tasks, Map.of("--multi-id-chunk", "1"));
            r.figure("requests per solved task, multi-id", multi).figure("requests per solved task, single id", single);
            r.goal(Goal.atMost("requests per solved task with multi-id polling", 1.2, multi, "%.3f"));
        }
    }

    private static double perTask(Fleet fleet, ScenarioResult r, String batch, int tasks, Map<String, String> flags) throws Exception {
        WorkerNode w = fleet.startWorker(batch, flags);
        SimulatorStats before = fleet.simulator().stats();
        BatchRun.solve(fleet, r, batch, tasks, Duration.ofHours(1), () -> { });
        SimulatorStats after = fleet.simulator().stats();
        w.stop(Duration.ofSeconds(30));
        return (after.requestsTotal() - before.requestsTotal()) / (double) (after.solved() - before.solved());
    }
}
