package io.captchafleet.worker.it;

import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.provider.ProviderProfile;
import io.captchafleet.common.provider.ProviderProfiles;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.topics.RetryTier;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.sandbox.junit.TestKafka;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SolverSimulator;
import io.captchafleet.worker.WorkerProcess;
import io.captchafleet.worker.WorkerSettings;
import io.captchafleet.worker.solver.ApiKey;
import io.captchafleet.worker.solver.Solver;
import io.captchafleet.worker.solver.SolverSettings;
import io.captchafleet.common.metrics.MetricsSetup;
import io.micrometer.core.instrument.Tag;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * A whole fleet for integration tests: real topics on the test broker, the solver simulator over HTTP,
 * and worker processes (each with its own solver client, as on separate machines). Timings are short so
 * that a batch takes seconds: fast polling, short retry tiers, short sessions.
 */
final class FleetHarness implements AutoCloseable {
    static final String TIERS = "200ms,400ms,800ms,1600ms,3200ms";

    final SolverSimulator simulator;
    final FleetTopics topics;
    final TopicLayout layout;
    private final KafkaSettings kafka;
    private final List<Running> running = new ArrayList<>();

    /** A worker process, its metrics and its Kafka clients (which can be killed). */
    record Running(WorkerProcess process, PrometheusMeterRegistry registry, CrashableClients clients) {
        /** Kills the process as SIGKILL would: its clients die mid-call, its solver stops; nothing is committed. */
        void crash() {
            clients.crash();
            process.workers().forEach(w -> {
                try {
                    w.awaitTermination(Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            process.solver().close();
        }

        Solver solver() {
            return process.solver();
        }
    }

    FleetHarness(TestKafka cluster, SimulatorSettings simulatorSettings, int partitions) {
        this.simulator = SolverSimulator.start(simulatorSettings);
        this.layout = new TopicLayout(cluster.newTopicPrefix(), RetryTier.parseList(TIERS, "tiers"));
        this.kafka = KafkaSettings.of(cluster.bootstrapServers());
        this.topics = new FleetTopics(cluster.bootstrapServers(), layout, partitions);
    }

    WorkerSettings.Builder workerSettings(String instanceId) {
        return workerSettings(instanceId, kafka);
    }

    /** A worker's settings when it reaches the cluster another way than the test does (through a proxy, say). */
    WorkerSettings.Builder workerSettings(String instanceId, KafkaSettings workersKafka) {
        return WorkerSettings.builder(workersKafka, layout)
                .instanceId(instanceId)
                .commitInterval(Duration.ofMillis(100))
                .sessionTimeout(Duration.ofSeconds(6))
                .transactionTimeout(Duration.ofSeconds(6))
                .shutdownTimeout(Duration.ofSeconds(10));
    }

    SolverSettings.Builder solverSettings() {
        return solverSettings(p -> p);
    }

    /** Solver settings for the {@code custom} profile at the simulator, the profile changed by {@code profile}. */
    SolverSettings.Builder solverSettings(UnaryOperator<ProviderProfile> tweak) {
        ProviderProfile profile = tweak.apply(ProviderProfiles.byName("custom").withBaseUrl(simulator.baseUrl()));
        return SolverSettings.builder(profile, ApiKey.of("test-key-" + layout.prefix()))
                .firstPollDelay(Duration.ofMillis(300))
                .pollInterval(Duration.ofMillis(300))
                .submitTimeout(Duration.ofSeconds(5))
                .attemptTimeout(Duration.ofSeconds(30));
    }

    /** Starts one worker process with its own solver client and metrics registry. */
    Running start(String instanceId) {
        return start(instanceId, b -> b, s -> s);
    }

    Running start(String instanceId, UnaryOperator<WorkerSettings.Builder> worker, UnaryOperator<SolverSettings.Builder> solver) {
        return start(worker.apply(workerSettings(instanceId)), solver.apply(solverSettings()), 0);
    }

    /** A worker process whose HTTP port is {@code httpPort} (0: any free one). */
    Running start(String instanceId, UnaryOperator<WorkerSettings.Builder> worker, UnaryOperator<SolverSettings.Builder> solver,
                  int httpPort) {
        return start(worker.apply(workerSettings(instanceId)), solver.apply(solverSettings()), httpPort);
    }

    /** A worker process whose solver uses the {@code custom} profile changed by {@code profile} (e.g. multi-id polling off). */
    Running startWithProfile(String instanceId, UnaryOperator<ProviderProfile> profile) {
        return start(workerSettings(instanceId), solverSettings(profile), 0);
    }

    /** Starts a worker that reaches the cluster with other client settings than the test's (a proxy, time-outs). */
    Running startThrough(KafkaSettings workersKafka, String instanceId) {
        return start(workerSettings(instanceId, workersKafka), solverSettings(), 0);
    }

    private Running start(WorkerSettings.Builder worker, SolverSettings.Builder solver, int httpPort) {
        String instanceId = worker.build().instanceId();
        PrometheusMeterRegistry registry = MetricsSetup.prometheus(List.of(Tag.of("instance", instanceId)));
        ProviderProfile profile = ProviderProfiles.byName("custom");
        CrashableClients clients = new CrashableClients();
        WorkerProcess process = WorkerProcess.start(new WorkerProcess.Options(worker.build(), 1, solver.build(), profile.classifier(),
                clients, registry, "127.0.0.1", httpPort, Clock.systemUTC()));
        Running r = new Running(process, registry, clients);
        running.add(r);
        return r;
    }

    /** Tasks with a unique page URL each: the simulator counts billing per page URL. */
    static List<TaskRecord> tasks(String batch, int n) {
        return IntStream.range(0, n).mapToObj(i -> {
            ObjectNode data = Json.object();
            data.put("method", "userrecaptcha").put("sitekey", "6Le-test-key")
                    .put("pageurl", "https://example.test/" + batch + "/" + i);
            return TaskRecord.first(batch, Integer.toString(i + 1), i, data);
        }).collect(Collectors.toList());
    }

    /** Publishes a batch of {@code n} tasks and waits (up to a minute) until each has a terminal outcome. */
    List<TaskRecord> solveBatch(String batch, int n) {
        List<TaskRecord> tasks = tasks(batch, n);
        topics.publish(tasks);
        awaitTerminal(tasks, Duration.ofMinutes(1));
        return tasks;
    }

    /** Waits until every task of the list has a terminal outcome; returns the outcomes. */
    Map<String, Outcome> awaitTerminal(List<TaskRecord> tasks, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> {
            Map<String, Outcome> latest = topics.latestOutcomes();
            return tasks.stream().allMatch(t -> latest.containsKey(t.taskId()) && latest.get(t.taskId()).status().terminal());
        });
        return topics.latestOutcomes();
    }

    @Override
    public void close() {
        for (Running r : running) {
            r.process().close();
        }
        topics.close();
        simulator.close();
    }
}
