package io.captchafleet.cli.bench;

import java.time.Duration;
import java.util.Map;

import io.captchafleet.cli.fleet.Fleet;
import io.captchafleet.cli.fleet.WorkerNode;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;

/**
 * 5. One, two and three worker processes on one batch each, with a high solve latency and a per-worker
 * in-flight cap, so that the cap (not the two cores) bounds each worker. Worker n joins its batch when
 * a fifth of it is done; the rate is read after the join (50 %–90 %). The rebalance pause is the time
 * from the new worker's start (its banner) until every worker has logged its new assignment.
 */
final class ScalingScenario implements Scenario {
    private static final int CAP = 300;

    @Override
    public String name() {
        return "scaling";
    }

    @Override
    public String title() {
        return "5. Scaling";
    }

    @Override
    public String measures() {
        return "Whether adding workers adds throughput: the same batch with one, two and three workers, and how long"
                + " a rebalance pauses the fleet when a worker joins.";
    }

    @Override
    public void run(BenchContext ctx, ScenarioResult r) throws Exception {
        int tasks = ctx.scaled(6_000, 600);
        String latency = "uniform:8s-12s";
        Map<String, String> flags = Map.of("--max-in-flight", Integer.toString(CAP));
        r.parameter("tasks per batch", tasks).parameter("latency", latency).parameter("--max-in-flight per worker", CAP)
                .parameter("poll", "profile custom: first poll 5 s, then every 5 s").parameter("partitions", 12);
        try (Fleet fleet = ctx.fleet(name(), SimulatorSettings.builder().latency(Latency.parse(latency)).seed(5).build())) {
            double one = 0;
            for (int n = 1; n <= 3; n++) {
                String id = "scale-" + n;
                long[] joinedAt = {n == 1 ? System.currentTimeMillis() : -1};
                if (n == 1) {
                    fleet.startWorker(id, flags);
                }
                long before = fleet.simulator().stats().solved();
                int workers = n;
                Throughput t = BatchRun.solve(fleet, r, "scaling-" + n, tasks, Duration.ofHours(1), () -> {
                    if (joinedAt[0] < 0 && fleet.simulator().stats().solved() - before >= tasks / 5) {
                        try {
                            fleet.startWorker("scale-" + workers, flags);
                            joinedAt[0] = System.currentTimeMillis();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
                double rate = t.rateBetween((long) (tasks * 0.5), (long) (tasks * 0.9));
                one = n == 1 ? rate : one;
                r.figure(n + " worker(s): tasks/s", rate).figure(n + " worker(s): speed-up", rate / one);
                if (n > 1) {
                    long assigned = 0;
                    for (WorkerNode w : fleet.workers()) {
                        assigned = Math.max(assigned, WorkerLogs.firstAt(w, l -> l.contains("Assigned partitions"), joinedAt[0],
                                Duration.ofSeconds(60)));
                    }
                    r.figure(n + " worker(s): rebalance pause ms (join → every worker assigned)", assigned - joinedAt[0]);
                }
            }
            r.note("Rates are read between 50 % and 90 % of each batch, after the new worker's join. The pause is read off the"
                    + " workers' logs (\"Assigned partitions\" lines); tasks already paid keep being polled during it.");
        }
    }
}
