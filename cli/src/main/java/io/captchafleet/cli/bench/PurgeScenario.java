package io.captchafleet.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.captchafleet.cli.fleet.Fleet;
import io.captchafleet.cli.fleet.FleetSettings;
import io.captchafleet.cli.fleet.WorkerNode;
import io.captchafleet.producer.ops.PurgeBatch;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;

/**
 * 11. Memory tracks live batches only: one worker solves ten batches one after another, each purged once
 * it has ended; its heap after a full collection after the tenth is compared with the heap after the first.
 */
final class PurgeScenario implements Scenario {
    private static final double MIB = 1024.0 * 1024.0;
    private static final int BATCHES = 10;

    @Override
    public String name() {
        return "purge";
    }

    @Override
    public String title() {
        return "11. Memory across purged batches";
    }

    @Override
    public String measures() {
        return "Whether a worker's memory tracks live batches only: ten batches solved one after another, each purged once"
                + " it has ended; the worker's heap after a full collection after the tenth against the same after the first.";
    }

    @Override
    public void run(BenchContext ctx, ScenarioResult r) throws Exception {
        int perBatch = ctx.scaled(100_000, 2_000);
        Map<String, String> flags = Map.of("--max-in-flight", "5000", "--poll-initial-delay", "50ms", "--poll-interval", "100ms");
        r.parameter("workers", 1).parameter("batches", BATCHES).parameter("tasks per batch", perBatch).parameter("latency", "fixed:0s")
                .parameter("worker JVM", "-Xmx1g, default GC").parameter("worker flags", flags);
        FleetSettings settings = BenchContext.standard(SimulatorSettings.builder().latency(Latency.fixed(Duration.ZERO)).seed(10).build())
                .withWorkerJvm(List.of("-Xmx1g"));
        try (Fleet fleet = ctx.fleet(name(), settings)) {
            WorkerNode w = fleet.startWorker("life-1", flags);
            PurgeBatch purge = new PurgeBatch(fleet.kafka().clients(), fleet.kafka().layout(), "bench", Duration.ofSeconds(2));
            List<Long> heaps = new ArrayList<>();
            List<Long> live = new ArrayList<>();
            for (int i = 1; i <= BATCHES; i++) {
                String batch = "life-" + i;
                BatchRun.solve(fleet, r, batch, perBatch, Duration.ofHours(1), () -> { });
                Waits.until(() -> tracked(w) >= perBatch, Duration.ofMinutes(2), "the batch's outcomes in the worker's table");
                if (i == 1) {
                    r.figure("old generation after the first batch, before its purge, MiB", HeapProbe.liveAfterGc(w) / MIB)
                            .figure("results table entries before the first purge", tracked(w));
                }
                purge.run(batch, false);
                Waits.until(() -> tracked(w) == 0, Duration.ofMinutes(2), "the worker to forget batch " + batch);
                live.add(HeapProbe.liveAfterGc(w));
                heaps.add(HeapProbe.afterGc(w));
                ctx.log("purge: batch %d of %d purged; worker old generation %.1f MiB, heap %.1f MiB", i, BATCHES, live.get(i - 1) / MIB,
                        heaps.get(i - 1) / MIB);
            }
            double ratio = live.get(BATCHES - 1) / (double) live.get(0);
            r.figure("old generation after the first batch and its purge MiB", live.get(0) / MIB)
                    .figure("old generation after the tenth batch and its purge MiB", live.get(BATCHES - 1) / MIB)
                    .figure("old generation after each purge MiB", live.stream().map(h -> Math.round(h / MIB * 10) / 10.0).toList())
                    .figure("heap (all generations) after each purge MiB", heaps.stream().map(h -> Math.round(h / MIB * 10) / 10.0).toList())
                    .figure("old generation after the tenth ÷ after the first", ratio);
            r.goal(Goal.atMost("heap after the tenth purged batch ÷ after the first (old generation after a full GC)", 1.10, ratio,
                    "%.3f"));
            r.note("Heap = the worker's jvm_memory_used_bytes{area=\"heap\"} of its old generation right after two `jcmd <pid> GC.run`"
                    + " (what survived the collection; the total also counts the young regions the running worker fills between the"
                    + " collection and the scrape, a megabyte at a time, shown beside it), once its captcha_fleet_tracked_tasks gauge has"
                    + " fallen to 0 after `purge` (PurgeBatch, in the bench JVM). A finished task is kept as status and generation until"
                    + " its batch is purged, then evicted.");
        }
    }

    private static long tracked(WorkerNode w) {
        return w.metrics().map(m -> (long) m.sum("captcha_fleet_tracked_tasks")).orElse(-1L);
    }
}
