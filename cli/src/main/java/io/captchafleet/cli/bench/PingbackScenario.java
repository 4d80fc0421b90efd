package io.captchafleet.cli.bench;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.captchafleet.cli.fleet.Fleet;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.Pingbacks;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SimulatorStats;

/**
 * 10. Provider callbacks instead of polling: two workers behind one callback URL that reaches only the first
 * (as a load balancer may), so half the callbacks are applied by the other worker through the pingbacks
 * topic. A batch with every callback delivered (API requests per solved task; time from the answer being
 * ready at the simulator to its outcome committed), then one with 5 % of them lost (every task must end).
 */
final class PingbackScenario implements Scenario {
    private static final String LATENCY = "uniform:1s-3s";
    private static final String GRACE = "10s";

    @Override
    public String name() {
        return "pingback";
    }

    @Override
    public String title() {
        return "10. Callbacks (pingback)";
    }

    @Override
    public String measures() {
        return "Provider callbacks instead of polling: API requests per solved task and the time from an answer being ready"
                + " at the provider to its outcome committed, with every callback delivered to one of two workers, then with"
                + " 5 % of them lost (every task must still end).";
    }

    @Override
    public void run(BenchContext ctx, ScenarioResult r) throws Exception {
        int tasks = ctx.scaled(20_000, 1_000);
        int port = freePort();
        Path secret = ctx.workDir().resolve("pingback.secret");
        Map<String, String> flags = new HashMap<>(Map.of("--pingback-url", "http://127.0.0.1:" + port + "/pingback",
                "--pingback-secret-file", secret.toString(), "--pingback-grace", GRACE, "--max-in-flight", "2000"));
        r.parameter("workers", 2).parameter("tasks per batch", tasks).parameter("latency", LATENCY)
                .parameter("callbacks", "all to worker 1's port (one URL for both workers); style: the legacy form POST")
                .parameter("--pingback-grace", GRACE).parameter("poll", "profile custom: first poll 5 s, then every 5 s");
        try (Fleet fleet = ctx.fleet(name(), SimulatorSettings.builder().latency(Latency.parse(LATENCY)).seed(9).build())) {
            Map<String, String> receiving = new HashMap<>(flags);
            receiving.put("--metrics-port", Integer.toString(port));
            fleet.startWorker("pb-1", receiving);
            fleet.startWorker("pb-2", flags);

            SimulatorStats before = fleet.simulator().stats();
            Throughput t;
            try (CommitTimes times = new CommitTimes(fleet.broker().bootstrapServers(), fleet.kafka().layout().results(), "delivered",
                    fleet.simulator()::readyAt).start()) {
                t = BatchRun.solve(fleet, r, "delivered", tasks, Duration.ofHours(1), () -> { });
                Waits.until(() -> times.count() >= tasks, Duration.ofMinutes(1), "every outcome timed");
                long median = times.percentile(50);
                r.figure("delivered: ms from answer ready to outcome committed, median", median)
                        .figure("delivered: ms from answer ready to outcome committed, p90", times.percentile(90))
                        .figure("delivered: ms from answer ready to outcome committed, p99", times.percentile(99))
                        .figure("delivered: ms from answer ready to the worker's solver having it (solved_at), median",
                                times.answerPercentile(50));
                r.goal(Goal.below("median ms from answer ready to outcome committed", 300, median, "%.0f"));
            }
            SimulatorStats after = fleet.simulator().stats();
            double perTask = (after.requestsTotal() - before.requestsTotal()) / (double) (after.solved() - before.solved());
            r.figure("delivered: API requests per solved task", perTask)
                    .figure("delivered: result requests (polls)", after.resultRequests() - before.resultRequests())
                    .figure("delivered: callbacks accepted", after.pingbacksDelivered() - before.pingbacksDelivered())
                    .figure("delivered: tasks/s", tasks / t.seconds());
            r.goal(Goal.atMost("API requests per solved task, callbacks delivered", 1.02, perTask, "%.3f"));

            fleet.simulator().setPingbacks(Pingbacks.RELIABLE.withDropShare(0.05));
            SimulatorStats lossyBefore = fleet.simulator().stats();
            Throughput lossy = BatchRun.solve(fleet, r, "lossy", tasks, Duration.ofHours(1), () -> { });
            SimulatorStats lossyAfter = fleet.simulator().stats();
            r.figure("5 % lost: callbacks dropped", lossyAfter.pingbacksDropped() - lossyBefore.pingbacksDropped())
                    .figure("5 % lost: task ids polled", lossyAfter.idsPolled() - lossyBefore.idsPolled())
                    .figure("5 % lost: API requests per solved task", (lossyAfter.requestsTotal() - lossyBefore.requestsTotal())
                            / (double) (lossyAfter.solved() - lossyBefore.solved()))
                    .figure("5 % lost: wall time s", lossy.seconds());
            // BatchRun.solve has checked the results topic: a solved outcome for every task, or the scenario fails.
            r.goal(Goal.atLeast("share of tasks ended with 5 % of callbacks lost", 1.0, 1.0, "%.2f"));
            r.note("Time to commit = when a read_committed consumer in the bench JVM received the solved outcome, minus the answer's"
                    + " ready time at the simulator (same clock); it includes the callback's trip through the pingbacks topic for the"
                    + " second worker's tasks and the commit interval (200 ms). Requests = every request the simulator served (submits,"
                    + " polls) divided by the tokens it delivered, in each phase. A lost callback is polled for after the kind's"
                    + " first-poll delay plus the grace.");
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
