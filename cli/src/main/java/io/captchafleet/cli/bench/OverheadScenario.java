package io.captchafleet.cli.bench;

import java.time.Duration;
import java.util.Map;

import io.captchafleet.cli.fleet.Fleet;
import io.captchafleet.cli.fleet.WorkerNode;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;

/** 2. One worker, near-zero latency: tasks/s and the worker's CPU milliseconds per task. */
final class OverheadScenario implements Scenario {
    static final String RATE = "tasks/s";

    @Override
    public String name() {
        return "overhead";
    }

    @Override
    public String title() {
        return "2. Overhead";
    }

    @Override
    public String measures() {
        return "What the worker itself costs: the CPU time one worker process spends per task when the provider "
                + "answers at once, so that nothing but the worker's own work (Kafka, HTTP, JSON, bookkeeping) is "
                + "measured; the broker's CPU per task beside it.";
    }

    @Override
    public void run(BenchContext ctx, ScenarioResult r) throws Exception {
        int tasks = ctx.scaled(200_000, 5_000);
        Map<String, String> flags = Map.of("--max-in-flight", "5000", "--poll-initial-delay", "50ms", "--poll-interval", "100ms");
        r.parameter("workers", 1).parameter("tasks", tasks).parameter("latency", "fixed:0s").parameter("worker flags", flags);
        try (Fleet fleet = ctx.fleet(name(), SimulatorSettings.builder().latency(Latency.fixed(Duration.ZERO)).seed(2).build())) {
            WorkerNode w = fleet.startWorker("ovh-1", flags);
            Duration cpu0 = w.process().cpuTime().orElseThrow();
            Duration broker0 = fleet.broker().process().cpuTime().orElseThrow();
            Throughput t = BatchRun.solve(fleet, r, "overhead", tasks, Duration.ofHours(1), () -> { });
            double workerMs = w.process().cpuTime().orElseThrow().minus(cpu0).toMillis();
            double brokerMs = fleet.broker().process().cpuTime().orElseThrow().minus(broker0).toMillis();
            double rate = tasks / t.seconds();
            r.figure(RATE, rate).figure("steady tasks/s (20 %–80 %)", t.steadyRate(tasks)).figure("worker CPU ms per task", workerMs / tasks)
                    .figure("broker CPU ms per task", brokerMs / tasks).figure("wall time s", t.seconds());
            r.goal(Goal.atMost("worker CPU ms per task", 0.5, workerMs / tasks, "%.3f"));
            r.note("CPU = the worker process's user + system time (ProcessHandle totalCpuDuration) from before the submit to the last"
                    + " token, divided by the tasks; the solver simulator runs in the bench JVM and is not counted.");
        }
    }
}
