package io.captchafleet.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.captchafleet.cli.fleet.Fleet;
import io.captchafleet.cli.fleet.FleetSettings;
import io.captchafleet.cli.fleet.WorkerNode;
import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.model.FleetEventType;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;

/**
 * 6. From the first fatal answer to the last worker's halt, three worker processes, over repeated
 * trials: each trial refills the simulator's balance by a few submits and resumes the fleet, the
 * balance runs out again, and the time is read off the FATAL event ({@code at}, written right after
 * the answer) and the halt line each worker's halt watcher logs for that event's offset.
 */
final class HaltLatencyScenario implements Scenario {
    private static final int SUBMITS_PER_TRIAL = 30;

    @Override
    public String name() {
        return "halt";
    }

    @Override
    public String title() {
        return "6. Halt latency";
    }

    @Override
    public void run(BenchContext ctx, ScenarioResult r) throws Exception {
        int trials = ctx.scaled(20, 3);
        int tasks = trials * SUBMITS_PER_TRIAL + 1_000;
        r.parameter("workers", 3).parameter("trials", trials).parameter("balance per trial (submits)", SUBMITS_PER_TRIAL)
                .parameter("latency", "uniform:200ms-1s").parameter("poll", "300 ms");
        SimulatorSettings sim = SimulatorSettings.builder().latency(Latency.uniform(Duration.ofMillis(200), Duration.ofSeconds(1)))
                .balance(SUBMITS_PER_TRIAL).seed(6).build();
        FleetSettings settings = BenchContext.standard(sim).withWorkerFlag("--poll-initial-delay", "300ms")
                .withWorkerFlag("--poll-interval", "300ms");
        try (Fleet fleet = ctx.fleet(name(), settings)) {
            List<WorkerNode> workers = fleet.startWorkers("halt", 3, Map.of());
            fleet.submit("halt", tasks);
            List<Long> latencies = new ArrayList<>();
            long resumeOffset = -1;
            for (int i = 0; i < trials; i++) {
                long after = resumeOffset;
                FleetEvent[] fatal = new FleetEvent[1];
                long[] offset = {-1};
                Waits.until(() -> {
                    List<FleetEvent> events = fleet.kafka().fleetEvents();
                    for (int o = (int) after + 1; o < events.size(); o++) {
                        if (events.get(o).type() == FleetEventType.FATAL) {
                            fatal[0] = events.get(o);
                            offset[0] = o;
                            return true;
                        }
                    }
                    return false;
                }, Duration.ofMinutes(2), "a FATAL event");
                long last = 0;
                for (WorkerNode w : workers) {
                    long halted = haltLogged(w, offset[0], Duration.ofSeconds(30));
                    last = Math.max(last, halted);
                }
                latencies.add(Math.max(0, last - fatal[0].at().toEpochMilli()));
                fleet.simulator().refill(SUBMITS_PER_TRIAL);
                fleet.kafka().resume("bench trial " + (i + 1));
                resumeOffset = fleet.kafka().fleetEvents().size() - 1;
                ctx.log("halt trial %d: %d ms", i + 1, latencies.get(latencies.size() - 1));
            }
            Collections.sort(latencies);
            long p50 = percentile(latencies, 50);
            long p99 = percentile(latencies, 99);
            r.figure("p50 ms", p50).figure("p99 ms", p99).figure("max ms", latencies.get(latencies.size() - 1)).figure("all ms", latencies);
            r.goal(Goal.below("p99 halt latency (ms)", 500, p99, "%.0f"));
            r.note("p99 over " + trials + " trials is the nearest-rank percentile (with 20 trials, the largest). Times are the worker"
                    + " processes' log time stamps and the FATAL event's time stamp, all from this machine's clock.");
        }
    }

    /** Epoch ms of the line the worker's halt watcher logged for the event at {@code offset}. */
    private static long haltLogged(WorkerNode w, long offset, Duration timeout) throws InterruptedException, IOException {
        String marker = "(event at offset " + offset + ")";
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> line;
            try (var lines = Files.lines(w.process().log())) {
                line = lines.filter(l -> l.contains("HaltWatcher") && l.contains(marker)).findFirst();
            }
            if (line.isPresent()) {
                return OffsetDateTime.parse(line.get().substring(0, line.get().indexOf(' '))).toInstant().toEpochMilli();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("worker " + w.instanceId() + " logged no halt for the event at offset " + offset);
            }
            Thread.sleep(50);
        }
    }

    static long percentile(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
