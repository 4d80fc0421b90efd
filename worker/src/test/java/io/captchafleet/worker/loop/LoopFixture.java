package io.captchafleet.worker.loop;

import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.common.errors.ErrorClassifier;
import io.captchafleet.common.fleet.FleetState;
import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.common.serde.TaskCodec;
import io.captchafleet.common.topics.RetryTier;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.worker.WorkerSettings;
import io.captchafleet.worker.halt.HaltState;
import io.captchafleet.worker.loop.fake.FakeKafka;
import io.captchafleet.worker.metrics.WorkerMetrics;
import io.captchafleet.worker.solver.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.TopicPartition;

/**
 * One worker loop on a {@link FakeKafka}, a {@link ScriptedSolver} and a {@link TestClock}, turned by the
 * test one step at a time on the test's thread: the loop's edge cases, reached on demand and in
 * milliseconds. Tasks go to the partition the test names (the loop only needs their outcomes to go to
 * the same partition number).
 */
final class LoopFixture {
    static final TopicLayout LAYOUT = new TopicLayout("t", RetryTier.parseList("1s,2s", "--retry-tiers"));
    static final String WORKER = "w-1";

    final TestClock clock = new TestClock(Instant.parse("2026-12-01T10:00:00Z"));
    final FakeKafka kafka = new FakeKafka(LAYOUT);
    final List<FleetEvent> published = new CopyOnWriteArrayList<>();
    final HaltState halt = new HaltState(WORKER, published::add, clock);
    final ScriptedSolver solver = new ScriptedSolver(halt);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final WorkerLoop loop;
    private FleetState fleet = FleetState.initial();
    private long fleetOffset;

    LoopFixture() {
        this(b -> b);
    }

    LoopFixture(UnaryOperator<WorkerSettings.Builder> tweak) {
        WorkerSettings settings = tweak.apply(WorkerSettings.builder(KafkaSettings.of("fake:9092"), LAYOUT).instanceId(WORKER)
                .commitInterval(Duration.ofMillis(100))).build();
        loop = new WorkerLoop(settings, solver, ErrorClassifier.standard(), halt, kafka,
                new WorkerMetrics(registry, WORKER), clock);
        loop.open();
        halt.followed(fleet);
    }

    /** The group gives the worker these partitions; returns once it has restored them and is ready. */
    void start(Integer... partitions) {
        kafka.rebalanceTo(Set.of(partitions));
        turnUntil("the worker is ready", loop::ready);
    }

    /** An event on the fatal-errors topic, as the process's watcher would pass it on. */
    void fleetEvent(FleetEvent e) {
        fleet = fleet.apply(fleetOffset++, e);
        halt.followed(fleet);
    }

    /** Entries of the worker's results table (the {@code captcha_fleet_tracked_tasks} gauge). */
    long trackedTasks() {
        return (long) registry.get("captcha_fleet.tracked_tasks").gauge().value();
    }

    /** Every committed record of a task on the results topic, tombstones as null values, oldest first. */
    List<byte[]> resultValues(String taskId) {
        List<byte[]> found = new ArrayList<>();
        for (FakeKafka.Stored s : kafka.records(LAYOUT.results())) {
            if (new String(s.key(), StandardCharsets.UTF_8).equals(taskId)) {
                found.add(s.value());
            }
        }
        return found;
    }

    long nextFleetOffset() {
        return fleetOffset;
    }

    /** One turn of the loop, then the clock moves on 50 ms. */
    void turn() {
        loop.turn();
        clock.advance(Duration.ofMillis(50));
    }

    void turns(int n) {
        for (int i = 0; i < n; i++) {
            turn();
        }
    }

    /** Turns the loop until {@code condition} holds (at most 200 turns, ten seconds of loop time). */
    void turnUntil(String what, BooleanSupplier condition) {
        for (int i = 0; i < 200; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            turn();
        }
        fail("after 200 turns, still not: " + what + " (the worker says: " + loop.notReadyBecause() + ")");
    }

    static ObjectNode data(String pageurl) {
        return Json.object().put("method", "userrecaptcha").put("sitekey", "6Le-key").put("pageurl", pageurl);
    }

    /** Publishes a task record to the tasks topic (or a retry tier) at this partition. */
    TaskRecord publish(String topic, int partition, TaskRecord task) {
        kafka.publish(topic, partition, key(task.taskId()), TaskCodec.write(task));
        return task;
    }

    TaskRecord publishTask(int partition, String id, ObjectNode data) {
        return publish(LAYOUT.tasks(), partition, TaskRecord.first("b", id, 0, data));
    }

    /** A task of {@code batch}, submitted with this spend cap (null for none). */
    TaskRecord publishTask(int partition, String batch, String id, java.math.BigDecimal maxSpend) {
        return publish(LAYOUT.tasks(), partition, TaskRecord.first(batch, id, 0, data("https://example.test/" + batch + "/" + id),
                maxSpend, null));
    }

    /** A verdict on the verdicts topic, as {@code captcha-fleet report} writes it. */
    void publishVerdict(int partition, String taskId, io.captchafleet.common.model.Verdict.Kind verdict) {
        kafka.publish(LAYOUT.verdicts(), partition, key(taskId), io.captchafleet.common.serde.VerdictCodec.write(
                new io.captchafleet.common.model.Verdict(taskId, verdict, "test", null)));
    }

    /** An outcome another worker committed to the results topic. */
    void publishOutcome(int partition, Outcome o) {
        kafka.publish(LAYOUT.results(), partition, key(o.taskId()), OutcomeCodec.write(o));
    }

    /** Every committed outcome of a task, oldest first. */
    List<Outcome> outcomes(String taskId) {
        List<Outcome> found = new ArrayList<>();
        for (FakeKafka.Stored s : kafka.records(LAYOUT.results())) {
            if (s.value() != null && new String(s.key(), StandardCharsets.UTF_8).equals(taskId)) {
                found.add(OutcomeCodec.read(s.value()));
            }
        }
        return found;
    }

    /** The latest committed outcome per task. */
    Map<String, Outcome> latest() {
        Map<String, Outcome> latest = new LinkedHashMap<>();
        for (FakeKafka.Stored s : kafka.records(LAYOUT.results())) {
            if (s.value() != null) {
                Outcome o = OutcomeCodec.read(s.value());
                latest.put(o.taskId(), o);
            }
        }
        return latest;
    }

    /** Every committed record of the retry tiers. */
    List<TaskRecord> retryRecords() {
        List<TaskRecord> found = new ArrayList<>();
        for (RetryTier tier : LAYOUT.tiers()) {
            kafka.records(LAYOUT.retry(tier)).forEach(s -> found.add(TaskCodec.read(s.value())));
        }
        return found;
    }

    static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }

    static byte[] key(String taskId) {
        return taskId.getBytes(StandardCharsets.UTF_8);
    }
}
