package io.captchafleet.worker.metrics;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The worker loop's meters, tagged with the worker's instance id (several workers may share one
 * process and one registry). Prometheus names: {@code captcha_fleet_tasks_finished_total{status,category}},
 * {@code captcha_fleet_solve_seconds} (histogram), {@code captcha_fleet_in_flight},
 * {@code captcha_fleet_retries_total{tier}}, {@code captcha_fleet_dead_letters_total},
 * {@code captcha_fleet_tasks_skipped_total{reason}}, {@code captcha_fleet_transactions_total{result}},
 * {@code captcha_fleet_ledger_unrecorded}, {@code captcha_fleet_tracked_tasks}. Thread-safe.
 */
public final class WorkerMetrics {
    private final MeterRegistry registry;
    private final Tags tags;
    private final Timer solveTime;
    private final Counter deadLetters;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

    public WorkerMetrics(MeterRegistry registry, String worker) {
        this.registry = registry;
        this.tags = Tags.of("worker", worker);
        this.solveTime = Timer.builder("captcha_fleet.solve")
                .description("Seconds from the paid submit to the answer")
                .tags(tags)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        this.deadLetters = Counter.builder("captcha_fleet.dead_letters").description("Records that could not be read")
                .tags(tags).register(registry);
    }

    /** Gauges read from the loop's state (read without locks: a slightly stale value is fine for a gauge). */
    public void bindGauges(Supplier<Number> inFlight, Supplier<Number> unrecordedPaid, Supplier<Number> trackedTasks) {
        Gauge.builder("captcha_fleet.in_flight", inFlight).description("Tasks this worker is working on").tags(tags).register(registry);
        Gauge.builder("captcha_fleet.ledger_unrecorded", unrecordedPaid)
                .description("Submits handed to the solver or paid but not yet recorded in_flight").tags(tags).register(registry);
        Gauge.builder("captcha_fleet.tracked_tasks", trackedTasks)
                .description("Tasks in the worker's restored results table").tags(tags).register(registry);
    }

    /**
     * Binds a Kafka client's own metrics (fetch lag, request rates, transaction times) with this worker's
     * tag; close the result when the client closes.
     */
    public AutoCloseable bindKafkaClient(Consumer<?, ?> consumer) {
        KafkaClientMetrics m = new KafkaClientMetrics(consumer, tags);
        m.bindTo(registry);
        return m::close;
    }

    /** The same for a producer. */
    public AutoCloseable bindKafkaClient(Producer<?, ?> producer) {
        KafkaClientMetrics m = new KafkaClientMetrics(producer, tags);
        m.bindTo(registry);
        return m::close;
    }

    public void finished(String status, String category) {
        counter("captcha_fleet.tasks_finished", "Tasks that reached a terminal outcome", "status", status, "category",
                category == null ? "none" : category).increment();
    }

    public void solveTime(Duration d) {
        solveTime.record(d);
    }

    public void retried(String tier) {
        counter("captcha_fleet.retries", "Retries by tier: a retry topic, or short (a submit tried again after about a second or the"
                + " documented wait) or at-once (the one more try of a task error)", "tier", tier, null, null).increment();
    }

    public void skipped(String reason) {
        counter("captcha_fleet.tasks_skipped", "Task records skipped by the idempotence rule", "reason", reason, null, null)
                .increment();
    }

    public void deadLettered() {
        deadLetters.increment();
    }

    /**
     * captcha_fleet_verdicts_total{result}: verdicts handled — {@code reported} (sent; the answer is in the outcome),
     * {@code too_late}, {@code duplicate} (reported before or under way), {@code unknown_task}, {@code not_solved},
     * {@code unconfirmed} (a former owner's report on its way when it stopped).
     */
    public void verdict(String result) {
        counter("captcha_fleet.verdicts", "Verdicts on answers handled, by what came of them", "result", result, null, null)
                .increment();
    }

    public void transaction(String result) {
        counter("captcha_fleet.transactions", "Transactions of the worker loop", "result", result, null, null).increment();
    }

    private Counter counter(String name, String description, String k1, String v1, String k2, String v2) {
        String key = name + '|' + v1 + '|' + v2;
        return counters.computeIfAbsent(key, k -> {
            Tags t = tags.and(k1, v1);
            if (k2 != null) {
                t = t.and(k2, v2);
            }
            return Counter.builder(name).description(description).tags(t).register(registry);
        });
    }
}
