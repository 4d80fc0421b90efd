package io.captchafleet.cli.bench;

import java.time.Duration;
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
 * trials: each trial refills the simulator's balance by a few submits and resumes the fleet, and the
 * balance runs out again. The first fatal answer is the earliest line a worker's solver logs for it
 * ({@code Solver API answered ERROR_ZERO_BALANCE}, its gate closes then); a worker's halt is the line
 * its halt watcher logs for the FATAL event's offset. The FATAL event's own time stamp ({@code at}) is
 * reported too: it is written by the worker loop, a little after the answer.
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
    public String measures() {
        return "How fast a fatal answer (an empty balance) stops the whole fleet: from the first fatal answer any "
                + "worker gets to the moment the last of three workers has halted, over repeated trials, the first "
                + "trial of a fresh fleet included.";
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
            List<Long> toEvent = new ArrayList<>();
            long resumeOffset = -1;
            long since = 0;
            for (int i = 0; i < trials; i++) {
                long last = 0;
                long firstAnswer = Long.MAX_VALUE;
                for (WorkerNode w : workers) {
                    last = Math.max(last, WorkerLogs.firstAt(w, l -> l.contains("HaltWatcher") && l.contains("Fleet halted"), since,
                            Duration.ofMinutes(2)));
                }
                for (WorkerNode w : workers) {
                    firstAnswer = Math.min(firstAnswer, WorkerLogs.firstAt(w, l -> l.contains("Solver API answered ERROR_ZERO_BALANCE"),
                            since, Duration.ZERO));
                }
                latencies.add(last - firstAnswer);
                long answered = firstAnswer;
                fatalAfter(fleet.kafka().fleetEvents(), resumeOffset).ifPresent(e -> toEvent.add(e.at().toEpochMilli() - answered));
                fleet.simulator().refill(SUBMITS_PER_TRIAL);
                since = System.currentTimeMillis();
                fleet.kafka().resume("bench trial " + (i + 1));
                resumeOffset = lastResume(fleet.kafka().fleetEvents());
                ctx.log("halt trial %d: %d ms", i + 1, latencies.get(latencies.size() - 1));
            }
            Collections.sort(latencies);
            long p50 = percentile(latencies, 50);
            long p99 = percentile(latencies, 99);
            Collections.sort(toEvent);
            r.figure("p50 ms", p50).figure("p99 ms", p99).figure("max ms", latencies.get(latencies.size() - 1)).figure("all ms", latencies)
                    .figure("first fatal answer → FATAL event written, p50 ms", percentile(toEvent, 50))
                    .figure("first fatal answer → FATAL event written, p99 ms", percentile(toEvent, 99));
            r.goal(Goal.below("p99 halt latency (ms)", 500, p99, "%.0f"));
            r.note("p99 over " + trials + " trials is the nearest-rank percentile (with 20 trials, the largest). Times are the worker"
                    + " processes' log time stamps and the FATAL event's time stamp, all from this machine's clock.");
        }
    }

    /** The FATAL that halted the fleet after the RESUME at {@code resumeOffset}: sent after that RESUME was seen. */
    private static Optional<FleetEvent> fatalAfter(List<FleetEvent> events, long resumeOffset) {
        for (int o = (int) resumeOffset + 1; o < events.size(); o++) {
            FleetEvent e = events.get(o);
            if (e.type() == FleetEventType.FATAL && e.resumeOffset() == resumeOffset) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static long lastResume(List<FleetEvent> events) {
        for (int o = events.size() - 1; o >= 0; o--) {
            if (events.get(o).type() == FleetEventType.RESUME) {
                return o;
            }
        }
        throw new IllegalStateException("resume wrote no RESUME event");
    }

    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
