package io.captchafleet.cli.bench;

import java.time.Duration;
import java.util.Map;

import io.captchafleet.cli.fleet.Fleet;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;

/** 1. One worker, log-normal latency with mean 20 s, thousands in flight: throughput against Little's law. */
final class ConcurrencyScenario implements Scenario {
    private static final double MEAN_SECONDS = 20;
    /** The custom profile's poll interval (also its first poll delay). */
    private static final double POLL_INTERVAL_SECONDS = 5;

    @Override
    public String name() {
        return "concurrency";
    }

    @Override
    public String title() {
        return "1. Concurrency efficiency";
    }

    @Override
    public String measures() {
        return "How close one worker comes to the most a provider's solve time allows: with 5,000 tasks in flight "
                + "and answers taking 20 s on average, Little's law allows 5,000 / (20 s + half the 5 s poll interval) "
                + "= 222 tasks a second; the figure is the steady rate over that.";
    }

    @Override
    public void run(BenchContext ctx, ScenarioResult r) throws Exception {
        int inFlight = ctx.scaled(5_000, 200);
        int tasks = ctx.scaled(50_000, 2_000);
        String latency = "lognormal:mean=20s,sigma=0.5";
        r.parameter("workers", 1).parameter("tasks", tasks).parameter("--max-in-flight", inFlight).parameter("latency", latency)
                .parameter("poll", "profile custom: first poll 5 s, then every 5 s, multi-id");
        try (Fleet fleet = ctx.fleet(name(), SimulatorSettings.builder().latency(Latency.parse(latency)).seed(1).build())) {
            fleet.startWorker("conc-1", Map.of("--max-in-flight", Integer.toString(inFlight)));
            Throughput t = BatchRun.solve(fleet, r, "concurrency", tasks, Duration.ofHours(2), () -> { });
            double limit = inFlight / (MEAN_SECONDS + POLL_INTERVAL_SECONDS / 2);
            double rate = t.steadyRate(tasks);
            r.figure("steady tasks/s (20 %–80 % of the batch)", rate).figure("Little's-law limit tasks/s", limit)
                    .figure("ratio", rate / limit).figure("wall time s", t.seconds());
            r.goal(Goal.atLeast("throughput / Little's-law limit", 0.95, rate / limit, "%.3f"));
            r.note("limit = in-flight / (mean latency + half the poll interval) = " + inFlight + " / (20 + 2.5) s");
        }
    }
}
