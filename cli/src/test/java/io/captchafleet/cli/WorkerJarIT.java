package io.captchafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.captchafleet.cli.fleet.FleetKafka;
import io.captchafleet.cli.fleet.ResultsAudit;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SolverSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * captcha-fleet-worker.jar, the container image's jar: without the embedded broker and the simulator,
 * and still every command a fleet on a real cluster needs, run here as processes against a real broker.
 */
@ExtendWith(KafkaClusterExtension.class)
class WorkerJarIT {

    @Test
    void theWorkerJarLeavesOutTheBrokerTheSimulatorAndWhatOnlyTheyNeed() throws IOException {
        List<String> worker = entries(JarProcess.workerJar());
        List<String> full = entries(JarProcess.jar());

        assertThat(worker).contains("io/captchafleet/cli/Main.class", "io/captchafleet/worker/WorkerProcess.class",
                "io/captchafleet/producer/submit/Submitter.class", "org/apache/kafka/clients/consumer/KafkaConsumer.class");
        for (String part : List.of("io/captchafleet/sandbox/", "io/captchafleet/cli/bench/", "io/captchafleet/cli/LocalCommand", "kafka/server/",
                "scala/", "org/apache/kafka/raft/", "org/apache/kafka/metadata/", "org/apache/kafka/storage/", "org/apache/logging/log4j/")) {
            assertThat(worker).as("captcha-fleet-worker.jar holds nothing under " + part).noneMatch(e -> e.startsWith(part));
            assertThat(full).as("captcha-fleet.jar holds " + part).anyMatch(e -> e.startsWith(part));
        }
        long workerSize = Files.size(JarProcess.workerJar());
        long fullSize = Files.size(JarProcess.jar());
        System.out.printf("JARS captcha-fleet.jar %d bytes (%d entries), captcha-fleet-worker.jar %d bytes (%d entries)%n",
                fullSize, full.size(), workerSize, worker.size());
        assertThat(workerSize).isLessThan(fullSize * 2 / 3);
    }

    @Test
    void theWorkerJarCreatesTopicsSubmitsAndSolvesABatchAndSaysWhereTheSandboxCommandsAre(TestKafka kafka, @TempDir Path dir)
            throws Exception {
        Path jar = JarProcess.workerJar();
        try (JarProcess help = JarProcess.start(jar, Map.of(), "--help")) {
            assertThat(help.waitFor(Duration.ofSeconds(30))).isZero();
            List<String> commands = help.output().lines().filter(l -> l.matches("  [a-z-]+ .*")).map(l -> l.strip().split(" ")[0])
                    .toList();
            assertThat(commands).contains("worker", "topics", "submit", "status", "results")
                    .doesNotContain("local", "simulator", "bench", "broker");
        }
        try (JarProcess local = JarProcess.start(jar, Map.of(), "local", "examples/tasks.jsonl")) {
            assertThat(local.waitFor(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(String.join("\n", local.err())).isEqualTo("captcha-fleet local: 'local' is not in this build:"
                    + " captcha-fleet-worker.jar (the container image's jar) leaves out the embedded Kafka broker and the solver simulator."
                    + " Run it from a checkout (./captcha-fleet local), or from the image built with --target full.");
        }

        TopicLayout layout = TopicLayout.withDefaults(kafka.newTopicPrefix());
        Map<String, String> cluster = Map.of("CAPTCHA_FLEET_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "CAPTCHA_FLEET_TOPIC_PREFIX", layout.prefix());
        Path tasks = dir.resolve("tasks.jsonl");
        Files.writeString(tasks, IntStream.rangeClosed(1, 5)
                .mapToObj(i -> "{\"method\":\"turnstile\",\"sitekey\":\"0x4AAAAAAAA\",\"pageurl\":\"https://example.test/" + i + "\"}")
                .collect(Collectors.joining("\n", "", "\n")));
        run(jar, cluster, "topics", "create", "--partitions", "2");
        run(jar, cluster, "submit", tasks.toString(), "--batch", "image");

        try (SolverSimulator simulator = SolverSimulator.start(SimulatorSettings.builder().latency(Latency.fixed(Duration.ofMillis(100)))
                .seed(3).build())) {
            Map<String, String> env = new LinkedHashMap<>(cluster);
            env.putAll(Map.of("CAPTCHA_FLEET_WORKER_PROVIDER", "custom", "CAPTCHA_FLEET_WORKER_SOLVER_URL", simulator.baseUrl().toString(),
                    "CAPTCHA_API_KEY", "worker-jar-key", "CAPTCHA_FLEET_INSTANCE_ID", "worker-jar-1",
                    "CAPTCHA_FLEET_METRICS_HOST", "127.0.0.1", "CAPTCHA_FLEET_METRICS_PORT", Integer.toString(freePort()),
                    "CAPTCHA_FLEET_POLL_INITIAL_DELAY", "300ms", "CAPTCHA_FLEET_POLL_INTERVAL", "300ms"));
            try (JarProcess worker = JarProcess.start(jar, env, "worker", "--die-with-parent");
                    ResultsAudit results = new FleetKafka(kafka.bootstrapServers(), layout).audit("image")) {
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    assertThat(worker.process().isAlive()).as("worker alive; stderr:\n%s", String.join("\n", worker.err())).isTrue();
                    assertThat(results.catchUp().count(OutcomeStatus.SOLVED)).isEqualTo(5);
                });
                worker.terminate();
                assertThat(worker.waitFor(Duration.ofSeconds(60))).as(String.join("\n", worker.err())).isIn(0, 143);
            }
        }
    }

    /** Runs a command of the jar to its end, expecting exit code 0. */
    private static void run(Path jar, Map<String, String> env, String... args) throws Exception {
        try (JarProcess p = JarProcess.start(jar, env, args)) {
            assertThat(p.waitFor(Duration.ofSeconds(90))).as("%s%n%s", List.of(args), String.join("\n", p.err())).isZero();
        }
    }

    private static List<String> entries(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
