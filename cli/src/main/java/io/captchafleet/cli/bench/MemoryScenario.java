package io.captchafleet.cli.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.cli.fleet.Fleet;
import io.captchafleet.cli.fleet.FleetSettings;
import io.captchafleet.cli.fleet.TaskLines;
import io.captchafleet.cli.fleet.WorkerNode;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * 4. Worker heap after GC per task in flight, and per task tracked in the restored results table. Each
 * is the heap with the tasks minus the heap of the same worker idle, divided by the tasks.
 */
final class MemoryScenario implements Scenario {
    private static final double MIB = 1024.0 * 1024.0;

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public String title() {
        return "4. Memory";
    }

    @Override
    public String measures() {
        return "How much heap a worker needs per task it is working on, and for a million tasks it remembers from "
                + "the results topic.";
    }

    @Override
    public void run(BenchContext ctx, ScenarioResult r) throws Exception {
        int inFlight = ctx.scaled(5_000, 500);
        int tracked = ctx.scaled(1_000_000, 20_000);
        r.parameter("workers", 1).parameter("in-flight tasks", inFlight).parameter("tracked tasks", tracked)
                .parameter("worker JVM", "-Xmx1g, default GC").parameter("latency while in flight", "fixed:10m (nothing finishes)");
        FleetSettings base = BenchContext.standard(SimulatorSettings.builder().latency(Latency.fixed(Duration.ofMinutes(10))).seed(4).build())
                .withWorkerJvm(List.of("-Xmx1g"));
        try (Fleet fleet = ctx.fleet(name() + "-in-flight", base)) {
            WorkerNode w = fleet.startWorker("mem-1", Map.of("--max-in-flight", Integer.toString(inFlight)));
            awaitReady(w);
            long idle = HeapProbe.afterGc(w);
            fleet.submit("memory", inFlight);
            Waits.until(() -> fleet.simulator().stats().acceptedSubmits() >= inFlight, Duration.ofMinutes(10), "tasks in flight");
            Waits.until(() -> w.metrics().map(m -> m.sum("captcha_fleet_ledger_unrecorded") == 0).orElse(false), Duration.ofMinutes(1),
                    "in_flight records committed");
            long busy = HeapProbe.afterGc(w);
            double perTask = (busy - idle) / (double) inFlight;
            r.figure("heap idle MiB", idle / MIB).figure("heap with tasks in flight MiB", busy / MIB).figure("bytes per in-flight task", perTask);
            r.goal(Goal.atMost("heap per in-flight task (bytes)", 2048, perTask, "%.0f"));
        }
        try (Fleet fleet = ctx.fleet(name() + "-tracked", base)) {
            WorkerNode idleWorker = fleet.startWorker("mem-idle");
            awaitReady(idleWorker);
            long idle = HeapProbe.afterGc(idleWorker);
            idleWorker.stop(Duration.ofSeconds(30));
            writeSolvedOutcomes(fleet, "tracked", tracked);
            WorkerNode w = fleet.startWorker("mem-2");
            Waits.until(() -> w.metrics().map(m -> m.sum("captcha_fleet_tracked_tasks") >= tracked).orElse(false), Duration.ofMinutes(20),
                    "results restored");
            long full = HeapProbe.afterGc(w);
            double perTask = (full - idle) / (double) tracked;
            double millionMib = (idle + perTask * 1_000_000) / MIB;
            r.figure("heap idle MiB", idle / MIB).figure("heap with tracked tasks MiB", full / MIB).figure("bytes per tracked task", perTask)
                    .figure("heap for 1,000,000 tracked tasks MiB" + (tracked < 1_000_000 ? " (extrapolated)" : ""), millionMib);
            r.goal(Goal.atMost("heap with 1,000,000 tracked tasks (MiB)", 256, millionMib, "%.0f"));
        }
        r.note("Heap = the worker's jvm_memory_used_bytes{area=\"heap\"} from its /metrics right after two `jcmd <pid> GC.run`;"
                + " per task = (heap with tasks − heap of the same worker idle) ÷ tasks. In-flight tasks are also in the results table"
                + " (their in_flight records), so their figure includes that entry. Tracked tasks are solved outcomes written"
                + " straight into the results topic, then restored by a freshly started worker.");
    }

    private static void awaitReady(WorkerNode w) throws InterruptedException {
        Waits.until(() -> w.metrics().map(m -> m.sum("captcha_fleet_halted") == 0).orElse(false), Duration.ofMinutes(2), "worker ready");
    }

    /** Solved outcomes with realistic tokens, as a worker would have committed them. */
    private static void writeSolvedOutcomes(Fleet fleet, String batch, int n) {
        String token = "03AGdBq2" + "x".repeat(480);
        try (Producer<byte[], byte[]> p = fleet.kafka().clients().idempotentProducer()) {
            for (int i = 1; i <= n; i++) {
                ObjectNode data = Json.object();
                data.put("method", "userrecaptcha").put("sitekey", "6Le-harness-site-key").put("pageurl", TaskLines.pageUrl(batch, i));
                TaskRecord task = TaskRecord.first(batch, Integer.toString(i), i - 1, data);
                Instant now = Instant.now();
                Outcome o = Outcome.forTask(task, OutcomeStatus.SOLVED).token(token).solverTaskId(Long.toString(8_000_000_000L + i))
                        .paidSubmits(1).submittedAt(now).solvedAt(now).worker("bench").taskData(data).build();
                p.send(new ProducerRecord<>(fleet.kafka().layout().results(), task.taskId().getBytes(StandardCharsets.UTF_8),
                        OutcomeCodec.write(o)));
            }
            p.flush();
        }
    }
}
