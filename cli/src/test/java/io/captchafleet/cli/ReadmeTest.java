package io.captchafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.captchafleet.common.config.ExitCode;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's commands are ones the CLI takes, and its Operations section runs as written against a
 * real broker. (The two first-screen commands run in CI itself and in {@code LocalProcessIT}.)
 */
@ExtendWith(KafkaClusterExtension.class)
class ReadmeTest {
    private static final Pattern COMMAND = Pattern.compile("(?m)^\\s*(?:\\./)?captcha-fleet (.+?)\\s*(?:#.*)?$");
    private static final Pattern INLINE = Pattern.compile("`(?:\\./)?captcha-fleet ([^`]+)`");

    private static String readme() throws IOException {
        return Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    }

    @Test
    void everyCommandTheReadmeShowsParses() throws IOException {
        String readme = readme();
        List<String> commands = new ArrayList<>();
        collect(COMMAND.matcher(readme), commands);
        collect(INLINE.matcher(readme), commands);
        commands.removeIf(c -> c.startsWith("COMMAND"));
        assertThat(commands).hasSizeGreaterThan(15)
                .anyMatch(c -> c.startsWith("local examples/tasks.jsonl"))
                .anyMatch(c -> c.startsWith("retry-failed"));
        for (String command : commands) {
            List<String> args = words(command.replace("FILE|-", "tasks.jsonl").replace("HOST:PORT", "127.0.0.1:9092")
                    .replace("FILE", "x.properties").replace("ID", "b1"));
            assertThatCode(() -> CommandModel.parse(Map.of(), args)).as("README: captcha-fleet %s", command).doesNotThrowAnyException();
        }
    }

    @Test
    void theOperationsSectionRunsAsWritten(TestKafka kafka, @TempDir Path dir) throws IOException {
        String readme = readme();
        String operations = readme.substring(readme.indexOf("## Operations"), readme.indexOf("## How it works"));
        int block = operations.indexOf("```bash");
        String section = operations.substring(block, operations.indexOf("```", block + 7));
        TopicLayout layout = TopicLayout.withDefaults(kafka.newTopicPrefix());
        Path tasks = dir.resolve("tasks.jsonl");
        Files.writeString(tasks, "{\"id\":\"a\",\"method\":\"turnstile\",\"sitekey\":\"k\",\"pageurl\":\"https://example.com/1\"}\n"
                + "{\"id\":\"b\",\"method\":\"turnstile\",\"sitekey\":\"k\",\"pageurl\":\"https://example.com/2\"}\n");
        String cluster = "--bootstrap-servers " + kafka.bootstrapServers() + " --topic-prefix " + layout.prefix();
        assertThat(CommandModel.run(Map.of(), ("submit " + tasks + " " + cluster).split(" ")).getKey()).isZero();
        finish(kafka, layout);

        Matcher m = Pattern.compile("(?m)^\\./captcha-fleet (\\S+) --state-dir \\.captcha-fleet(.*)$").matcher(section);
        int ran = 0;
        while (m.find()) {
            String rest = m.group(2).replace("--out results.csv", "--out " + dir.resolve("results.csv"));
            Map.Entry<Integer, String> r = CommandModel.run(Map.of(), words(m.group(1) + " " + cluster + rest).toArray(String[]::new));
            assertThat(r.getKey()).as("README: captcha-fleet %s%s%n%s", m.group(1), m.group(2), r.getValue()).isZero();
            ran++;
        }
        assertThat(ran).isEqualTo(11);
        assertThat(Files.readAllLines(dir.resolve("results.csv"))).hasSize(3);
    }

    @Test
    void theExitCodeTableListsEveryExitCodeAsTheHelpDoes() throws IOException {
        String readme = readme();
        String table = readme.substring(readme.indexOf("## Exit codes"), readme.indexOf("## Configuration reference"));
        for (ExitCode code : ExitCode.values()) {
            assertThat(table).as("exit code %d", code.code()).containsPattern("(?m)^\\| " + code.code() + " \\| ");
        }
        assertThat(CliRunner.run("--help").out()).contains("    5  stopped at a batch's spend cap: raise it with captcha-fleet cap");
    }

    /** The batch as workers would leave it: one solved and one failed task, so --watch ends at once. */
    private static void finish(TestKafka kafka, TopicLayout layout) {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "transactional.id", "readme-" + UUID.randomUUID()), new ByteArraySerializer(), new ByteArraySerializer())) {
            p.initTransactions();
            p.beginTransaction();
            TaskRecord a = TaskRecord.first("tasks", "a", 0, Json.object());
            TaskRecord b = TaskRecord.first("tasks", "b", 1, Json.object());
            write(p, layout, Outcome.forTask(a, OutcomeStatus.SOLVED).token("tok").paidSubmits(1).solvedAt(Instant.now()).build());
            write(p, layout, Outcome.forTask(b, OutcomeStatus.FAILED).error("ERROR_CAPTCHA_UNSOLVABLE", "task").paidSubmits(2).build());
            p.commitTransaction();
        }
    }

    private static void write(KafkaProducer<byte[], byte[]> p, TopicLayout layout, Outcome o) {
        p.send(new ProducerRecord<>(layout.results(), o.taskId().getBytes(StandardCharsets.UTF_8), OutcomeCodec.write(o)));
    }

    /** Splits a shell command line into words, keeping "double-quoted text" as one word. */
    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line);
        while (m.find()) {
            words.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return words;
    }

    private static void collect(Matcher m, List<String> into) {
        while (m.find()) {
            into.add(m.group(1).trim());
        }
    }
}
