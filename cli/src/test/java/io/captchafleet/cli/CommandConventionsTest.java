package io.captchafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The conventions every command shares, through the real command line against a real broker: Kafka's
 * own flag spellings, {@code --json}, idempotent {@code resume}, the exit code of an unreachable
 * cluster, environment variables scoped by command, shell completion and {@code help COMMAND}.
 */
@ExtendWith(KafkaClusterExtension.class)
class CommandConventionsTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final String MILLIS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    @TempDir
    Path dir;
    private CliCluster fleet;
    private String bootstrap;
    private TopicLayout layout;
    private Map<String, String> env;

    @BeforeEach
    void setUp(TestKafka kafka) {
        fleet = CliCluster.on(kafka);
        bootstrap = fleet.bootstrap();
        layout = fleet.layout();
        env = fleet.env();
    }

    @Test
    void kafkasOwnSpellingsBootstrapServerAndCommandConfigWork() throws IOException {
        Path clientConfig = dir.resolve("client.properties");
        Files.writeString(clientConfig, "request.timeout.ms=20000\n");

        CliRunner.Result r = CliRunner.run("topics", "create", "--bootstrap-server", bootstrap, "--command-config", clientConfig.toString(),
                "--topic-prefix", layout.prefix(), "--partitions", "2");
        CliRunner.Result missing = CliRunner.run("status", "--bootstrap-server", bootstrap, "--command-config",
                dir.resolve("none.properties").toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Created 12 topics: " + layout.prefix() + ".tasks, ");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("captcha-fleet status: Invalid value " + dir.resolve("none.properties")
                + " for --kafka-config: no such file" + System.lineSeparator());
        CommandSpec parsed = CommandModel.parse(Map.of(), List.of("results", "--batch", "b", "--command-config", "c.properties"));
        assertThat(parsed.findOption("--kafka-config").<Path>getValue()).isEqualTo(Path.of("c.properties"));
    }

    @Test
    void submitTopicsHaltResumeAndRetryFailedPrintOneJsonObjectWithJson() throws IOException {
        JsonNode topics = json(CliRunner.run(env, "topics", "create", "--json"));
        JsonNode topicsAgain = json(CliRunner.run(env, "topics", "create", "--json"));
        Path file = dir.resolve("b1.jsonl");
        Files.writeString(file, "{\"method\":\"turnstile\",\"sitekey\":\"k\",\"pageurl\":\"https://example.com/1\"}\n"
                + "{\"method\":\"turnstile\",\"sitekey\":\"k\",\"pageurl\":\"https://example.com/2\"}\n");
        JsonNode submit = json(CliRunner.run(env, "submit", file.toString(), "--json"));
        JsonNode again = json(CliRunner.run(env, "submit", file.toString(), "--json"));
        JsonNode halt = json(CliRunner.run(env, "halt", "--reason", "maintenance", "--json"));
        JsonNode resume = json(CliRunner.run(env, "resume", "--json"));
        failed("b1", "1");
        JsonNode retry = json(CliRunner.run(env, "retry-failed", "--batch", "b1", "--json"));

        assertThat(topics.get("prefix").asText()).isEqualTo(layout.prefix());
        assertThat(topics.get("created")).hasSize(12);
        assertThat(topics.get("existing")).isEmpty();
        assertThat(topicsAgain.get("created")).isEmpty();
        assertThat(topicsAgain.get("existing")).hasSize(12);

        assertThat(submit.get("batch").asText()).isEqualTo("b1");
        assertThat(submit.get("total").asLong()).isEqualTo(2);
        assertThat(submit.get("published_tasks").asLong()).isEqualTo(2);
        assertThat(submit.get("published_solved").asLong()).isZero();
        assertThat(submit.get("rejected").asLong()).isZero();
        assertThat(submit.get("already_submitted").asBoolean()).isFalse();
        assertThat(submit.get("seconds").isNumber()).isTrue();
        assertThat(again.get("already_submitted").asBoolean()).isTrue();

        assertThat(halt.get("written").asBoolean()).isTrue();
        assertThat(halt.get("before").get("halted").asBoolean()).isFalse();
        assertThat(halt.get("fleet").get("halted").asBoolean()).isTrue();
        assertThat(halt.get("fleet").get("type").asText()).isEqualTo("HALT");
        assertThat(halt.get("fleet").get("message").asText()).isEqualTo("maintenance");
        assertThat(halt.get("fleet").get("since").asText()).matches(MILLIS);
        assertThat(resume.get("written").asBoolean()).isTrue();
        assertThat(resume.get("before").get("halted").asBoolean()).isTrue();
        assertThat(resume.get("fleet").get("halted").asBoolean()).isFalse();

        assertThat(retry.get("batch").asText()).isEqualTo("b1");
        assertThat(retry.get("error").isNull()).isTrue();
        assertThat(retry.get("generation").asInt()).isEqualTo(2);
        assertThat(retry.get("republished").asLong()).isEqualTo(1);
        assertThat(retry.get("missing").asLong()).isZero();
    }

    @Test
    void resumeOfARunningFleetExits0AndSaysItIsRunning() throws IOException {
        assertThat(CliRunner.run(env, "topics", "create").exitCode()).isZero();

        CliRunner.Result text = CliRunner.run(env, "resume");
        CliRunner.Result json = CliRunner.run(env, "resume", "--json");

        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).isEqualTo("The fleet is running; nothing to resume, nothing written." + System.lineSeparator());
        JsonNode parsed = json(json);
        assertThat(parsed.get("written").asBoolean()).isFalse();
        assertThat(parsed.get("fleet").get("halted").asBoolean()).isFalse();
    }

    @Test
    void anUnreachableClusterExits6NamingTheAddressAndTheTimeout() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String address = "127.0.0.1:" + closed;

        CliRunner.Result status = CliRunner.run("status", "--bootstrap-servers", address, "--connect-timeout", "1s");
        Path tasks = Files.writeString(dir.resolve("unreachable.jsonl"),
                "{\"method\":\"turnstile\",\"sitekey\":\"k\",\"pageurl\":\"https://example.com/1\"}\n");
        CliRunner.Result submit = CliRunner.run(Map.of("CAPTCHA_FLEET_CONNECT_TIMEOUT", "500ms"), "submit", tasks.toString(), "--batch",
                "b", "--bootstrap-server", address);

        assertThat(status.exitCode()).isEqualTo(6);
        assertThat(status.err()).isEqualTo("captcha-fleet status: Cannot reach the Kafka cluster at " + address + " within 1s (no broker"
                + " accepts connections there). Check --bootstrap-servers, or wait longer with --connect-timeout."
                + System.lineSeparator());
        assertThat(submit.exitCode()).isEqualTo(6);
        assertThat(submit.err()).contains("Cannot reach the Kafka cluster at " + address + " within 500ms");
    }

    @Test
    void commandSpecificVariablesNameTheCommandAndSharedOnesWorkEverywhere() throws IOException {
        Map<String, String> scoped = new HashMap<>(env);
        scoped.put("CAPTCHA_FLEET_RESULTS_FORMAT", "csv");
        Path file = dir.resolve("b1.jsonl");
        Files.writeString(file, "{\"method\":\"turnstile\",\"sitekey\":\"k\",\"pageurl\":\"https://example.com/1\"}\n");

        CliRunner.Result submit = CliRunner.run(scoped, "submit", file.toString());
        failed("b1", "1");
        CliRunner.Result results = CliRunner.run(scoped, "results", "--batch", "b1", "--all");
        Map<String, String> old = new HashMap<>(env);
        old.put("CAPTCHA_FLEET_FORMAT", "csv");
        CliRunner.Result oldName = CliRunner.run(old, "results", "--batch", "b1", "--all");

        assertThat(submit.exitCode()).as(submit.err()).isZero();
        assertThat(submit.out()).startsWith("Submitted batch \"b1\": 1 published");
        assertThat(results.exitCode()).as(results.err()).isZero();
        assertThat(results.out()).startsWith("task_id,batch,index,");
        assertThat(oldName.out()).doesNotStartWith("task_id,");
        assertThat(oldName.err()).startsWith("captcha-fleet results: CAPTCHA_FLEET_FORMAT is not read: set CAPTCHA_FLEET_RESULTS_FORMAT"
                + " for captcha-fleet results --format");
        CommandSpec topics = CommandModel.parse(Map.of("CAPTCHA_FLEET_PARTITIONS", "3", "CAPTCHA_FLEET_TOPICS_CREATE_PARTITIONS", "5",
                "CAPTCHA_FLEET_WORKER_PARTITIONS", "7"), List.of("topics", "create"));
        assertThat(topics.findOption("--partitions").<Integer>getValue()).isEqualTo(5);
        CommandSpec worker = CommandModel.parse(Map.of("CAPTCHA_FLEET_MAX_IN_FLIGHT", "5", "CAPTCHA_FLEET_WORKER_MAX_IN_FLIGHT", "7"),
                List.of("worker"));
        assertThat(worker.findOption("--max-in-flight").<Integer>getValue()).isEqualTo(7);
        CommandSpec local = CommandModel.parse(Map.of("CAPTCHA_FLEET_MAX_IN_FLIGHT", "5"), List.of("local", "tasks.jsonl"));
        assertThat(local.findOption("--max-in-flight").<Integer>getValue()).isEqualTo(1000);
    }

    @Test
    void completionPrintsAScriptBashCompletesWith() throws Exception {
        CliRunner.Result bash = CliRunner.run("completion", "bash");
        CliRunner.Result zsh = CliRunner.run("completion", "zsh");
        CliRunner.Result fish = CliRunner.run("completion", "fish");

        assertThat(bash.exitCode()).isZero();
        assertThat(zsh.out()).contains("autoload -U +X bashcompinit && bashcompinit");
        assertThat(fish.exitCode()).isEqualTo(2);
        assertThat(fish.err()).isEqualTo("captcha-fleet completion: Invalid value fish for SHELL: must be bash or zsh"
                + System.lineSeparator());
        Path script = dir.resolve("captcha-fleet.bash");
        Files.writeString(script, bash.out());
        assertThat(complete(script, "captcha-fleet retry")).isEqualTo("retry-failed");
        assertThat(complete(script, "captcha-fleet status --bootstrap-servers")).isEqualTo("--bootstrap-servers");
    }

    @Test
    void helpCommandShowsTheCommandsHelpWithRequiredOptionsOutsideBrackets() {
        CliRunner.Result help = CliRunner.run("help", "results");
        CliRunner.Result unknown = CliRunner.run("help", "nope");
        CliRunner.Result missing = CliRunner.run(env, "results");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: captcha-fleet results ")
                .contains("CAPTCHA_FLEET_RESULTS_NAME_OF_FLAG", "  6  cannot reach the Kafka cluster", "130  interrupted");
        assertThat(synopsis(help.out())).contains(" --batch=ID ").doesNotContain("[--batch=ID]");
        assertThat(synopsis(CliRunner.run("help", "retry-failed").out())).contains(" --batch=ID ").doesNotContain("[--batch=ID]");
        assertThat(synopsis(CliRunner.run("help", "halt").out())).contains(" --reason=TEXT ").doesNotContain("[--reason=TEXT]");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("captcha-fleet results: Missing required option: '--batch=ID'" + System.lineSeparator()
                + "Try 'captcha-fleet results --help' for the options." + System.lineSeparator());
    }

    /** The usage lines before the description, as one line. */
    private static String synopsis(String help) {
        return String.join(" ", help.substring(0, help.indexOf("\n\n")).split("\\s+")) + " ";
    }

    /** What bash offers for the last word of a command line, with the script loaded. */
    private static String complete(Path script, String line) throws Exception {
        String words = line;
        String program = "source '" + script + "'\n"
                + "COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< \"$COMP_LINE\"\n"
                + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); _complete_captcha-fleet 2>/dev/null; echo \"${COMPREPLY[0]}\"\n";
        Process bash = new ProcessBuilder("bash", "-c", program).redirectErrorStream(true).start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).as("bash completed " + words).isTrue();
        return out;
    }

    private static JsonNode json(CliRunner.Result r) throws IOException {
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines()).as("one JSON object on one line").hasSize(1);
        return JACKSON.readTree(r.out());
    }

    /** The task as workers leave it when it failed. */
    private void failed(String batch, String id) {
        fleet.outcomes(Outcome.forTask(TaskRecord.first(batch, id, 0, Json.object()), OutcomeStatus.FAILED)
                .error("ERROR_CAPTCHA_UNSOLVABLE", "task").paidSubmits(2).build());
    }
}
