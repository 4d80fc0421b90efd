package io.captchafleet.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.captchafleet.cli.CommandModel;
import io.captchafleet.common.topics.TopicLayout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** docker-compose.yml against the code: the commands, variables, ports and files its services use. */
class ComposeTest {
    static final String IMAGE = "captcha-fleet:latest";
    /** The image built with --target full: the jar with the embedded broker and the simulator. */
    static final String FULL_IMAGE = "captcha-fleet-full:latest";
    static final String SIMULATOR_ENV = "deploy/compose/simulator.env";
    /** The operator commands the producer tool service is for. */
    static final List<String> OPERATOR_COMMANDS = List.of("submit", "status", "results", "halt", "resume", "retry-failed", "dead-letters");
    /** What each of them needs besides the environment: its required arguments. */
    private static final Map<String, List<String>> REQUIRED_ARGS = Map.of("submit", List.of("-", "--batch", "b1"),
            "results", List.of("--batch", "b1"), "retry-failed", List.of("--batch", "b1"), "halt", List.of("--reason", "maintenance"));

    private final Compose compose = Compose.load(Map.of());

    /** The file as run plainly (real solver API) and with the simulator's env file. */
    static Stream<Arguments> variableSets() {
        return Stream.of(Arguments.of("no variables", Map.of()), Arguments.of(SIMULATOR_ENV, Compose.envFile(SIMULATOR_ENV)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variableSets")
    void everyCaptchaFleetServiceRunsACommandTheCliTakes(String name, Map<String, String> variables) {
        Compose c = Compose.load(variables);
        List<String> services = new ArrayList<>(c.captchaFleetServices(IMAGE));
        services.addAll(c.captchaFleetServices(FULL_IMAGE));
        assertThat(services).contains("topics", "worker", "simulator", "producer");
        List<String> problems = new ArrayList<>();
        services.forEach(s -> problems.addAll(c.invocation(s).problems()));
        for (String command : OPERATOR_COMMANDS) {
            List<String> args = new ArrayList<>(List.of(command));
            args.addAll(REQUIRED_ARGS.getOrDefault(command, List.of()));
            problems.addAll(new CliInvocation(Compose.where("producer") + " (run as '" + command + "')", args, c.environment("producer"))
                    .problems());
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void kafkaIsASingleNodeKraftBrokerOnAPinnedOfficialImageThatTheFleetReaches() {
        Map<String, Object> kafka = compose.service("kafka");
        assertThat(Y.string(kafka, "image", "kafka")).matches("apache/kafka:[0-9]+\\.[0-9]+\\.[0-9]+");
        Map<String, String> env = compose.environment("kafka");
        assertThat(env.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        assertThat(env).doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
        assertThat(env.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR")).isEqualTo("1");
        assertThat(env.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR")).isEqualTo("1");

        String bootstrap = (String) compose.invocation("worker").value("--bootstrap-servers");
        String advertised = env.get("KAFKA_ADVERTISED_LISTENERS");
        assertThat(advertised).as("the broker advertises the address the fleet bootstraps from").contains("://" + bootstrap);
        assertThat(compose.services()).containsKey(bootstrap.split(":")[0]);
        for (String service : List.of("topics", "producer")) {
            assertThat(compose.invocation(service).value("--bootstrap-servers")).as(service).isEqualTo(bootstrap);
            assertThat(compose.invocation(service).value("--topic-prefix")).as(service)
                    .isEqualTo(compose.invocation("worker").value("--topic-prefix"));
        }
    }

    @Test
    void aConsumerOnTheHostReachesKafkaThroughAPublishedListenerAdvertisedAsLocalhost() {
        Map<String, String> env = compose.environment("kafka");
        Map<String, String> bound = listeners(env.get("KAFKA_LISTENERS"));
        Map<String, String> advertised = listeners(env.get("KAFKA_ADVERTISED_LISTENERS"));
        Map<String, String> protocols = listeners(env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").replace(":", "://"));
        String host = advertised.entrySet().stream().filter(e -> e.getValue().startsWith("localhost:")).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new AssertionError("kafka advertises no listener at localhost: " + advertised));
        String port = advertised.get(host).substring("localhost:".length());

        assertThat(bound).as("the host listener is bound in the container").containsEntry(host, ":" + port);
        assertThat(protocols).containsKeys(bound.keySet().toArray(String[]::new));
        assertThat(Y.list(compose.service("kafka"), "ports", "kafka")).as("published on the same port it advertises, on loopback")
                .containsExactly("127.0.0.1:" + port + ":" + port);
        assertThat(advertised).as("containers still reach the broker by its service name")
                .containsEntry(env.get("KAFKA_INTER_BROKER_LISTENER_NAME"), (String) compose.invocation("worker").value("--bootstrap-servers"));
        assertThat(Repo.read("README.md")).as("the README's downstream consumer connects there")
                .contains("java -jar examples/downstream/target/downstream-example.jar localhost:" + port + " ");
        assertThat(Repo.read("examples/downstream/src/main/java/io/captchafleet/examples/downstream/SolvedTokenConsumer.java"))
                .as("the example's default").contains("arg(args, 0, \"localhost:" + port + "\")");
    }

    @Test
    void onlyTheSimulatorRunsTheFullImageAndEveryOtherServiceACommandTheWorkerJarHas() {
        assertThat(compose.captchaFleetServices(FULL_IMAGE)).containsExactly("simulator");
        assertThat(Y.string(compose.service("simulator"), "build.target", "simulator")).isEqualTo("full");
        assertThat(new Dockerfile().stage("full")).as(Dockerfile.FILE + " has the stage 'full'").isPresent();
        for (String service : List.of("simulator", "worker")) {
            assertThat(Y.string(compose.service(service), "build.dockerfile", service)).isEqualTo(Dockerfile.FILE);
            assertThat(Y.string(compose.service(service), "build.context", service)).isEqualTo(".");
        }
        assertThat(Y.stringOrNull(compose.service("worker"), "build.target")).as("the worker image is the Dockerfile's default").isNull();
        List<String> sandbox = CommandModel.sandboxCommandNames();
        assertThat(sandbox).contains("local", "simulator");
        for (String service : compose.captchaFleetServices(IMAGE)) {
            assertThat(compose.invocation(service).subcommand().get(0)).as(service).isNotIn(sandbox);
        }
        for (String command : OPERATOR_COMMANDS) {
            assertThat(command).isNotIn(sandbox);
        }
    }

    @Test
    void kafkasImageIsTheReleaseOfTheProjectsKafkaClients() {
        Matcher version = Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(Repo.read("pom.xml"));
        assertThat(version.find()).as("pom.xml sets kafka.version").isTrue();
        assertThat(Y.string(compose.service("kafka"), "image", "kafka")).isEqualTo("apache/kafka:" + version.group(1));
    }

    /** {@code NAME://host:port,...} as name to {@code host:port}. */
    private static Map<String, String> listeners(String text) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String listener : text.split(",")) {
            String[] parts = listener.strip().split("://", 2);
            byName.put(parts[0], parts[1]);
        }
        return byName;
    }

    @Test
    void topicsAreCreatedOnceBeforeAnyWorkerOrProducerStarts() {
        assertThat(compose.invocation("topics").subcommand()).containsExactly("topics", "create");
        assertThat(Y.string(compose.service("topics"), "restart", "topics")).isEqualTo("no");
        assertThat(Y.string(compose.service("topics"), "depends_on.kafka.condition", "topics")).isEqualTo("service_healthy");
        for (String service : List.of("worker", "producer")) {
            assertThat(Y.string(compose.service(service), "depends_on.topics.condition", service))
                    .isEqualTo("service_completed_successfully");
        }
    }

    @Test
    void workersHaveThreeReplicasAndNothingThatStopsScaling() {
        Map<String, Object> worker = compose.service("worker");
        assertThat(compose.invocation("worker").subcommand()).containsExactly("worker");
        assertThat(Y.number(worker, "deploy.replicas", "worker")).isEqualTo(3);
        assertThat(worker).as("a fixed name, host name or host port allows one replica only")
                .doesNotContainKeys("container_name", "hostname", "ports");
        assertThat(compose.environment("worker")).as("replicas sharing one instance id fence each other")
                .doesNotContainKey("CAPTCHA_FLEET_WORKER_INSTANCE_ID");
        assertThat((int) compose.invocation("worker").value("--max-in-flight")).isPositive();
        assertThat(Y.number(worker, "deploy.replicas", "worker")).as("replicas beyond the partition count sit idle")
                .isLessThanOrEqualTo((int) compose.invocation("topics").value("--partitions"));
    }

    @Test
    void aStoppingWorkerGetsMoreTimeThanItsShutdownTimeout() {
        Duration grace = GoDuration.parse(Y.string(compose.service("worker"), "stop_grace_period", "worker"), "worker stop_grace_period");
        assertThat(grace).isGreaterThan((Duration) compose.invocation("worker").value("--shutdown-timeout"));
    }

    @Test
    void theSimulatorProfileAndEnvFilePointTheWorkersAtTheSimulator() {
        Map<String, Object> simulator = compose.service("simulator");
        List<Object> profiles = Y.list(simulator, "profiles", "simulator");
        Map<String, String> vars = Compose.envFile(SIMULATOR_ENV);
        assertThat(List.of(vars.get("COMPOSE_PROFILES").split(","))).containsAll(profiles.stream().map(String::valueOf).toList());
        CliInvocation sim = compose.invocation("simulator");
        assertThat(sim.value("--host")).as("reachable from other containers").isEqualTo("0.0.0.0");

        Compose withSimulator = Compose.load(vars);
        CliInvocation worker = withSimulator.invocation("worker");
        assertThat(worker.value("--provider")).isEqualTo("custom");
        URI url = (URI) worker.value("--solver-url");
        assertThat(url.getHost()).isEqualTo("simulator");
        assertThat(url.getPort()).isEqualTo((int) sim.value("--port"));
        String keyFile = Y.string(withSimulator.model, "secrets.captcha_api_key.file", Compose.FILE).replaceFirst("^\\./", "");
        assertThat(Files.isRegularFile(Repo.path(keyFile))).as(keyFile + " exists").isTrue();
        assertThat(Git.ignores(keyFile)).as(keyFile + " is committed (a dummy key)").isFalse();
    }

    @Test
    void theApiKeyIsADockerSecretFromAGitIgnoredFile() {
        String secretFile = Y.string(compose.model, "secrets.captcha_api_key.file", Compose.FILE).replaceFirst("^\\./", "");
        assertThat(Git.ignores(secretFile)).as(secretFile + " is git-ignored").isTrue();
        assertThat(Y.list(compose.service("worker"), "secrets", "worker")).containsExactly("captcha_api_key");
        assertThat(compose.invocation("worker").value("--api-key-file")).hasToString("/run/secrets/captcha_api_key");
        assertThat(Repo.read(Compose.FILE)).doesNotContain(CliInvocation.API_KEY_VARIABLE + ":", CliInvocation.API_KEY_VARIABLE + "=");
    }

    @Test
    void prometheusFindsEveryWorkerReplicaByDnsOnTheWorkersMetricsPort() {
        Map<String, String> mounts = compose.bindMounts("prometheus");
        Map<String, Object> config = Repo.yaml("deploy/prometheus/prometheus.yml");
        assertThat(mounts).containsEntry("deploy/prometheus/prometheus.yml", "/etc/prometheus/prometheus.yml");
        assertThat(compose.command("prometheus")).contains("--config.file=/etc/prometheus/prometheus.yml");

        List<Object> jobs = Y.list(config, "scrape_configs", "prometheus.yml");
        Object workerJob = jobs.stream().filter(j -> Y.find(j, "dns_sd_configs") != null).findFirst()
                .orElseThrow(() -> new AssertionError("prometheus.yml: no job with dns_sd_configs"));
        Object sd = Y.list(workerJob, "dns_sd_configs", "prometheus.yml").get(0);
        assertThat(Y.list(sd, "names", "prometheus.yml dns_sd_configs")).containsExactly("worker");
        assertThat(Y.string(sd, "type", "prometheus.yml dns_sd_configs")).isEqualTo("A");
        assertThat(Y.number(sd, "port", "prometheus.yml dns_sd_configs")).isEqualTo((int) compose.invocation("worker").value("--metrics-port"));

        for (Object ruleFile : Y.list(config, "rule_files", "prometheus.yml")) {
            assertThat(mounts).as("rule file %s is mounted from the repository", ruleFile).containsValue(String.valueOf(ruleFile));
        }
        assertThat(mounts).containsEntry("deploy/prometheus/alerts.yml", "/etc/prometheus/alerts.yml");
    }

    @Test
    void grafanaIsProvisionedWithThePrometheusDataSourceAndTheDashboardFolder() {
        Map<String, String> mounts = compose.bindMounts("grafana");
        assertThat(mounts).containsEntry("deploy/grafana/provisioning", "/etc/grafana/provisioning");
        Object datasource = Y.list(Repo.yaml("deploy/grafana/provisioning/datasources/prometheus.yml"), "datasources", "datasource").get(0);
        URI url = URI.create(Y.string(datasource, "url", "datasource"));
        assertThat(compose.services()).containsKey(url.getHost());
        assertThat(Y.list(compose.service(url.getHost()), "ports", "prometheus")).anyMatch(p -> String.valueOf(p).endsWith(":" + url.getPort()));

        Object provider = Y.list(Repo.yaml("deploy/grafana/provisioning/dashboards/captcha-fleet.yml"), "providers", "provider").get(0);
        assertThat(Y.string(provider, "type", "provider")).isEqualTo("file");
        String path = Y.string(provider, "options.path", "provider");
        assertThat(mounts).containsEntry("deploy/grafana/dashboards", path);
        assertThat(Repo.path("deploy/grafana/dashboards/captcha-fleet.json")).isRegularFile();
        String home = compose.environment("grafana").get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        assertThat(home).isEqualTo(path + "/captcha-fleet.json");
    }

    @Test
    void theProducerIsAToolThatUpDoesNotStart() {
        Map<String, Object> producer = compose.service("producer");
        assertThat(Y.list(producer, "profiles", "producer")).isNotEmpty();
        assertThat(producer).doesNotContainKeys("ports", "container_name");
        assertThat(compose.environment("producer")).containsKey("CAPTCHA_FLEET_BOOTSTRAP_SERVERS");
    }

    @Test
    void everyBindMountAndBuildFileExists() {
        compose.services().keySet().forEach(s -> compose.bindMounts(s).keySet()
                .forEach(host -> assertThat(Files.exists(Repo.path(host))).as(s + " mounts " + host).isTrue()));
        String dockerfile = Y.string(compose.service("worker"), "build.dockerfile", "worker");
        assertThat(Repo.path(Y.string(compose.service("worker"), "build.context", "worker")).resolve(dockerfile)).isRegularFile();
    }

    @Test
    void thirdPartyImagesArePinned() {
        Map<String, String> images = new LinkedHashMap<>();
        compose.services().forEach((name, s) -> images.put(name, Y.string(s, "image", name)));
        images.forEach((service, image) -> {
            if (!image.equals(IMAGE) && !image.equals(FULL_IMAGE)) {
                assertThat(image).as(service).matches("[a-z0-9./-]+:v?[0-9]+\\.[0-9]+\\.[0-9]+");
            }
        });
        assertThat(TopicLayout.withDefaults((String) compose.invocation("worker").value("--topic-prefix")).tasks()).isEqualTo("captcha.tasks");
    }
}
