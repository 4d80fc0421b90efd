package io.captchafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaClusterExtension.class)
class CliTest {

    @Test
    void helpListsTheCommandsAndTheSharedExitCodes() {
        CliRunner.Result r = CliRunner.run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("broker", "topics", "completion", "help", "CAPTCHA_FLEET_<COMMAND>_NAME_OF_FLAG",
                "CAPTCHA_FLEET_BOOTSTRAP_SERVERS", "    0  every task solved", "    2  usage or input error",
                "    3  the fleet is halted by a fatal error", "    4  finished with some tasks failed",
                "    6  cannot reach the Kafka cluster", "  130  interrupted (Ctrl-C or SIGTERM)");
    }

    @Test
    void everySubcommandsHelpEndsWithTheSharedExitCodes() {
        for (String command : new String[] {"local", "submit", "status", "worker", "halt", "resume", "retry-failed", "simulator"}) {
            CliRunner.Result r = CliRunner.run(command, "--help");
            assertThat(r.out()).as(command).contains("CAPTCHA_FLEET_" + command.toUpperCase().replace('-', '_') + "_NAME_OF_FLAG",
                    "3  the fleet is halted by a fatal error", "4  finished with some tasks failed", "6  cannot reach the Kafka cluster",
                    "130  interrupted");
        }
        String topics = String.join(" ", CliRunner.run("topics", "create", "--help").out().split("\\s+"));
        assertThat(topics).contains("CAPTCHA_FLEET_TOPICS_CREATE_NAME_OF_FLAG.", "--replication-factor, -q, -v, --log-level,"
                + " --log-format are also read without the command (CAPTCHA_FLEET_NAME_OF_FLAG).");
    }

    @Test
    void workerRefusesInvalidValuesAtStartNamingTheFlagAndTheValue(TestKafka kafka) {
        String[] base = {"worker", "--bootstrap-servers", kafka.bootstrapServers(), "--metrics-port", "-1"};
        Map<String, String> key = Map.of("CAPTCHA_API_KEY", "k");
        assertThat(CliRunner.run(concat(base, "--provider", "2captcha")).err())
                .contains("captcha-fleet worker: No API key: set CAPTCHA_API_KEY (or CAPTCHA_FLEET_API_KEY) or pass --api-key-file FILE");
        assertThat(CliRunner.run(key, concat(base, "--max-in-flight", "0")).err())
                .contains("captcha-fleet worker: Invalid value 0 for --max-in-flight: must be at least 1");
        assertThat(CliRunner.run(key, concat(base, "--provider", "nope")).err())
                .contains("Invalid value nope for --provider: must be one of 2captcha, rucaptcha, captchaai, anti-captcha,"
                        + " capsolver, capmonster, custom");
        CliRunner.Result missingTopics = CliRunner.run(key, concat(base, "--topic-prefix", kafka.newTopicPrefix()));
        assertThat(missingTopics.exitCode()).isEqualTo(2);
        assertThat(missingTopics.err()).contains("Topics missing: ", "Create them first: captcha-fleet topics create");
    }

    @Test
    void pingbackFlagsAreCheckedBeforeAnythingStarts(@TempDir Path dir) {
        Map<String, String> key = Map.of("CAPTCHA_API_KEY", "k");
        String[] worker = {"worker", "--bootstrap-servers", "127.0.0.1:1", "--pingback-url", "https://cb.example.test/pingback"};
        assertThat(CliRunner.run(key, worker).err()).isEqualTo("captcha-fleet worker: --pingback-url needs --pingback-secret-file FILE:"
                + " every worker behind the URL must share one secret (the file is created with a random secret if it does not exist)"
                + System.lineSeparator());
        assertThat(CliRunner.run(key, concat(worker, "--pingback-secret-file", dir.resolve("s").toString(), "--metrics-port", "-1")).err())
                .isEqualTo("captcha-fleet worker: --pingback-url needs the HTTP port that serves the callbacks: --metrics-port must not"
                        + " be -1" + System.lineSeparator());
        assertThat(CliRunner.run(key, "worker", "--bootstrap-servers", "127.0.0.1:1", "--pingback-url", "cb.example.test").err())
                .startsWith("captcha-fleet worker: Invalid value cb.example.test for --pingback-url: must be an absolute http(s) URL");
        assertThat(CliRunner.run("local", "tasks.jsonl", "--state-dir", dir.toString(), "--pingback-url", "http://127.0.0.1:9/pingback").err())
                .isEqualTo("captcha-fleet local: --pingback-url needs --pingback-port PORT: the port on this machine that the URL reaches"
                        + System.lineSeparator());
        assertThat(CliRunner.run("local", "tasks.jsonl", "--state-dir", dir.toString(), "--pingback-port", "9").err())
                .isEqualTo("captcha-fleet local: --pingback-port needs --pingback-url: callbacks are off without it" + System.lineSeparator());
    }

    @Test
    void versionNamesTheProduct() {
        CliRunner.Result r = CliRunner.run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("captcha-fleet ");
    }

    @Test
    void anUnknownFlagIsAUsageErrorThatNamesIt() {
        CliRunner.Result r = CliRunner.run("topics", "create", "--partitons", "3");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("captcha-fleet topics create: Unknown options: '--partitons', '3'",
                "Possible solutions: --partitions", "Try 'captcha-fleet topics create --help' for the options.");
    }

    @Test
    void missingBootstrapServersSaysHowToGiveThem() {
        CliRunner.Result r = CliRunner.run("topics", "create");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing --bootstrap-servers (or CAPTCHA_FLEET_BOOTSTRAP_SERVERS)");
    }

    @Test
    void topicsCreateIsIdempotentAndTakesItsSettingsFromTheEnvironment(TestKafka kafka) {
        String prefix = kafka.newTopicPrefix();
        Map<String, String> env = Map.of(
                "CAPTCHA_FLEET_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "CAPTCHA_FLEET_TOPIC_PREFIX", prefix);

        CliRunner.Result first = CliRunner.run(env, "topics", "create", "--partitions", "2");
        CliRunner.Result second = CliRunner.run(env, "topics", "create", "--partitions", "2");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("Created 12 topics: " + prefix + ".tasks, ")
                .as("one broker: one replica").contains(System.lineSeparator() + "Each has replication factor 1 and min.insync.replicas=1.");
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).isEqualTo("All 12 topics with prefix " + prefix + " exist and match; nothing changed."
                + System.lineSeparator());
    }

    @Test
    void topicsCreateAgainstMismatchedTopicsFailsNamingThemAndExits2(TestKafka kafka) {
        String prefix = kafka.newTopicPrefix();
        String[] base = {"topics", "create", "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", prefix};
        assertThat(CliRunner.run(concat(base, "--partitions", "2")).exitCode()).isZero();

        CliRunner.Result r = CliRunner.run(concat(base, "--partitions", "3", "--retention", "7d"));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("captcha-fleet topics create: Existing topics do not match the configuration; nothing was changed:",
                "- " + prefix + ".tasks has 2 partitions, expected 3",
                "- " + prefix + ".tasks has retention.ms=2592000000 (30 days), expected 604800000 (7 days)");
    }

    @Test
    void simulatorRefusesAFaultShareOutsideZeroToOne() {
        CliRunner.Result r = CliRunner.run("simulator", "--port", "0", "--fault-garbage", "1.5");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("captcha-fleet simulator: Invalid value 1.5 for --fault-garbage: must be between 0 and 1");
    }

    @Test
    void simulatorRefusesADataDirWhoseJournalItCannotReadNamingTheLine(@TempDir Path dataDir) throws Exception {
        Files.writeString(dataDir.resolve("journal.jsonl"), "not json\n");

        CliRunner.Result r = CliRunner.run("simulator", "--port", "0", "--data-dir", dataDir.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("captcha-fleet simulator: Invalid value " + dataDir.toAbsolutePath() + " for --data-dir:"
                + " journal.jsonl line 1 is not a simulator journal entry (");
    }

    @Test
    void brokerRefusesSettingsItOwnsAndMalformedOnesNamingThem(@TempDir Path dataDir) {
        String dir = dataDir.toString();
        CliRunner.Result own = CliRunner.run("broker", "--data-dir", dir, "--port", "0", "--config", "listeners=PLAINTEXT://0.0.0.0:9092");
        assertThat(own.exitCode()).isEqualTo(2);
        assertThat(own.err()).contains("Invalid value listeners=PLAINTEXT://0.0.0.0:9092 for --config: the embedded broker sets"
                + " listeners itself");
        CliRunner.Result noValue = CliRunner.run("broker", "--data-dir", dir, "--port", "0", "--config", "group.initial.rebalance.delay.ms");
        assertThat(noValue.exitCode()).isEqualTo(2);
        assertThat(noValue.err()).contains("Invalid value group.initial.rebalance.delay.ms= for --config: expected KEY=VALUE, both"
                + " non-empty");
        CliRunner.Result misspelt = CliRunner.run("broker", "--data-dir", dir, "--port", "0", "--config", "group.initial.rebalance.delay=3000");
        assertThat(misspelt.exitCode()).isEqualTo(2);
        assertThat(misspelt.err()).contains("Invalid value group.initial.rebalance.delay=3000 for --config: group.initial.rebalance.delay"
                + " is not a Kafka broker setting");
        CliRunner.Result badValue = CliRunner.run("broker", "--data-dir", dir, "--port", "0", "--config",
                "group.initial.rebalance.delay.ms=soon");
        assertThat(badValue.exitCode()).isEqualTo(2);
        assertThat(badValue.err()).contains("group.initial.rebalance.delay.ms", "soon");
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
