package io.captchafleet.producer.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.captchafleet.common.InputException;
import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.common.model.BatchManifest;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.serde.BatchManifestCodec;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.common.serde.TaskCodec;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.producer.TopicRecords;
import io.captchafleet.producer.input.TaskFile;
import io.captchafleet.producer.kafka.KafkaClients;
import io.captchafleet.producer.progress.Progress;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaClusterExtension.class)
class SubmitterTest {
    static final String GOOD = "{\"method\":\"userrecaptcha\",\"sitekey\":\"k\",\"pageurl\":\"https://example.com/%d\"}";

    @TempDir
    Path dir;
    private String bootstrap;
    private TopicLayout layout;
    private Submitter submitter;

    @BeforeEach
    void setUp(TestKafka kafka) {
        bootstrap = kafka.bootstrapServers();
        layout = TopicLayout.withDefaults(kafka.newTopicPrefix());
        TopicRecords.create(bootstrap, layout, 2);
        submitter = new Submitter(KafkaClients.of(KafkaSettings.of(bootstrap)), layout);
    }

    @Test
    void aFileWithBadLinesPublishesNothingAndListsEveryBadLine() throws IOException {
        Path file = write("tasks.jsonl",
                String.format(GOOD, 1),
                "{\"method\":\"userrecaptcha\",\"sitekey\":\"k\",\"pageurl\":\"example.com/x\"}",
                "{\"method\":\"hcaptcha\",\"pageurl\":\"https://a.b\"}",
                "not json",
                "{\"id\":\"4\",\"method\":\"turnstile\",\"sitekey\":\"k\",\"pageurl\":\"https://a.b\"}",
                "{\"id\":4,\"method\":\"turnstile\",\"sitekey\":\"k\",\"pageurl\":\"https://a.b\"}");

        assertThatThrownBy(() -> submit(file, SubmitOptions.builder().build()))
                .isInstanceOf(InputException.class)
                .hasMessage("4 of 6 tasks in " + file + " are invalid; nothing was published:\n"
                        + file + ":2: \"pageurl\" must be an absolute http(s) URL, got \"example.com/x\"\n"
                        + file + ":3: \"sitekey\" is missing (method \"hcaptcha\" needs it)\n"
                        + file + ":4: not valid JSON (Unrecognized token 'not': was expecting (JSON String, Number, Array, Object"
                        + " or token 'null', 'true' or 'false') at column 1)\n"
                        + file + ":6: duplicate id \"4\" (first used on line 5)");

        assertThat(TopicRecords.read(bootstrap, layout.tasks())).isEmpty();
        assertThat(TopicRecords.read(bootstrap, layout.batches())).isEmpty();
    }

    @Test
    void errorsBeyondTheLimitAreCounted() throws IOException {
        Path file = write("many.jsonl", IntStream.range(0, 5).mapToObj(i -> "{\"method\":\"x\"}").toArray(String[]::new));

        assertThatThrownBy(() -> submit(file, SubmitOptions.builder().maxErrors(2).allowUnknownMethods(false).build()))
                .hasMessageEndingWith(file + ":2: unknown method \"x\": known methods are userrecaptcha, hcaptcha, turnstile,"
                        + " base64; --allow-unknown-methods passes others through\n… and 3 more");
    }

    @Test
    void unknownMethodsPassWithTheFlag() throws IOException {
        Path file = write("fun.jsonl", "{\"method\":\"funcaptcha\",\"publickey\":\"p\",\"pageurl\":\"https://a.b\"}");

        assertThatThrownBy(() -> submit(file, SubmitOptions.builder().build())).isInstanceOf(InputException.class);
        SubmitResult r = submit(file, SubmitOptions.builder().allowUnknownMethods(true).build());

        assertThat(r.tasks()).isEqualTo(1);
        assertThat(TopicRecords.read(bootstrap, layout.tasks())).hasSize(1);
    }

    @Test
    void everyTaskAndTheManifestArePublishedAndAResubmitPublishesNothing() throws IOException {
        Path file = write("tasks.jsonl", IntStream.rangeClosed(1, 20).mapToObj(i -> String.format(GOOD, i)).toArray(String[]::new));

        SubmitResult first = submit(file, SubmitOptions.builder().build());
        SubmitResult second = submit(file, SubmitOptions.builder().build());

        assertThat(first.summary()).startsWith("Submitted batch \"tasks\": 20 published (20 tasks), 0 rejected, ");
        assertThat(second.alreadySubmitted()).isTrue();
        assertThat(second.summary()).startsWith("Batch \"tasks\" already submitted with the same 20 tasks; nothing was published (");
        List<TaskRecord> tasks = TopicRecords.read(bootstrap, layout.tasks()).stream().map(r -> TaskCodec.read(r.value())).toList();
        assertThat(tasks).hasSize(20);
        assertThat(tasks).extracting(TaskRecord::taskId).doesNotHaveDuplicates().contains("tasks/1", "tasks/20");
        TaskRecord t7 = tasks.stream().filter(t -> t.taskId().equals("tasks/7")).findFirst().orElseThrow();
        assertThat(t7.index()).isEqualTo(6);
        assertThat(t7.generation()).isEqualTo(1);
        assertThat(t7.attempt()).isEqualTo(1);
        assertThat(t7.taskData().get("pageurl").asText()).isEqualTo("https://example.com/7");
        List<BatchManifest> manifests = TopicRecords.read(bootstrap, layout.batches()).stream()
                .map(r -> BatchManifestCodec.read(r.value())).toList();
        assertThat(manifests).singleElement().satisfies(m -> {
            assertThat(m.batch()).isEqualTo("tasks");
            assertThat(m.total()).isEqualTo(20);
            assertThat(m.generation()).isEqualTo(1);
            assertThat(m.source()).isEqualTo(file.toString());
            assertThat(m.contentHash()).hasSize(64);
        });
    }

    @Test
    void otherContentUnderAnExistingBatchIsRefused() throws IOException {
        submit(write("a.jsonl", String.format(GOOD, 1)), SubmitOptions.builder().batch("b1").build());
        Path other = write("b.jsonl", String.format(GOOD, 2));

        assertThatThrownBy(() -> submit(other, SubmitOptions.builder().batch("b1").build()))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("Batch \"b1\" already exists with other content (1 tasks from " + dir.resolve("a.jsonl")
                        + ", submitted ")
                .hasMessageEndingWith("); nothing was published. Give this file another --batch id.");
        assertThat(TopicRecords.read(bootstrap, layout.tasks())).hasSize(1);
    }

    @Test
    void everyInputFormatGivesTheSameTasks() throws IOException {
        submit(write("array.json", "[", String.format(GOOD, 1) + ",", String.format(GOOD, 2), "]"), SubmitOptions.builder().build());
        submit(write("table.csv", "method,sitekey,pageurl", "userrecaptcha,k,https://example.com/1"), SubmitOptions.builder().build());
        try (TaskFile stdin = TaskFile.open("-", new ByteArrayInputStream((String.format(GOOD, 1) + "\n").getBytes(StandardCharsets.UTF_8)))) {
            submitter.submit(stdin, SubmitOptions.builder().batch("piped").build(), Progress.none());
        }

        List<TaskRecord> tasks = TopicRecords.read(bootstrap, layout.tasks()).stream().map(r -> TaskCodec.read(r.value())).toList();
        assertThat(tasks).extracting(TaskRecord::taskId).containsExactlyInAnyOrder("array/1", "array/2", "table/2", "piped/1");
        assertThat(tasks).allSatisfy(t -> assertThat(t.taskData().get("sitekey").asText()).isEqualTo("k"));
    }

    @Test
    void stdinNeedsABatchId() {
        try (TaskFile stdin = TaskFile.open("-", new ByteArrayInputStream(new byte[0]))) {
            assertThatThrownBy(() -> submitter.submit(stdin, SubmitOptions.builder().build(), Progress.none()))
                    .isInstanceOf(InputException.class)
                    .hasMessage("Missing --batch: tasks read from stdin need a batch id, e.g. --batch my-batch");
        }
    }

    @Test
    void aCheckpointBecomesSolvedOutcomesAndTasksForTheRest() throws IOException {
        Path file = write("batch_checkpoint.json", "[",
                "{\"index\": 0, \"task_data\": {\"method\": \"userrecaptcha\", \"sitekey\": \"k\", \"pageurl\": \"https://a.b/0\","
                        + " \"proxy\": \"user:secret@1.2.3.4:3128\"}, \"status\": \"solved\", \"token\": \"03AGdBq24\", \"attempts\": 1, \"solve_time\": 15.3},",
                "{\"index\": 1, \"task_data\": {\"method\": \"userrecaptcha\", \"sitekey\": \"k\", \"pageurl\": \"https://a.b/1\"},"
                        + " \"status\": \"failed\", \"error\": \"ERROR_CAPTCHA_UNSOLVABLE\", \"attempts\": 3},",
                "{\"index\": 2, \"task_data\": {\"method\": \"userrecaptcha\", \"sitekey\": \"k\", \"pageurl\": \"https://a.b/2\"},"
                        + " \"status\": \"pending\", \"token\": \"\", \"error\": \"\", \"attempts\": 0, \"solve_time\": 0.0}",
                "]");

        SubmitResult r = submit(file, SubmitOptions.builder().build());

        assertThat(r.summary()).startsWith("Submitted batch \"batch_checkpoint\": 3 published (2 tasks, 1 already solved), 0 rejected, ");
        List<TaskRecord> tasks = TopicRecords.read(bootstrap, layout.tasks()).stream().map(x -> TaskCodec.read(x.value())).toList();
        assertThat(tasks).extracting(TaskRecord::taskId).containsExactlyInAnyOrder("batch_checkpoint/1", "batch_checkpoint/2");
        List<Outcome> outcomes = TopicRecords.read(bootstrap, layout.results()).stream().map(x -> OutcomeCodec.read(x.value())).toList();
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.taskId()).isEqualTo("batch_checkpoint/0");
            assertThat(o.status()).isEqualTo(OutcomeStatus.SOLVED);
            assertThat(o.token()).isEqualTo("03AGdBq24");
            assertThat(o.solveTime()).isEqualTo(15.3);
            assertThat(o.taskData().get("proxy").asText()).isEqualTo("[redacted]@1.2.3.4:3128");
        });
        assertThat(TopicRecords.read(bootstrap, layout.batches())).hasSize(1);
    }

    @Test
    void theBatchIdMustBeUsable() throws IOException {
        Path file = write("my tasks.jsonl", String.format(GOOD, 1));
        assertThatThrownBy(() -> submit(file, SubmitOptions.builder().build()))
                .hasMessage("Cannot use \"my tasks\" (the file name without its extension) as the batch id: it must be 1 to 100"
                        + " letters, digits, '.', '_' or '-', starting with a letter or digit; give one with --batch");
        assertThatThrownBy(() -> submit(file, SubmitOptions.builder().batch("a/b").build()))
                .hasMessage("Invalid value \"a/b\" for --batch: must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }

    @Test
    void optionsNameTheFlagAndTheValue() {
        assertThatThrownBy(() -> SubmitOptions.builder().maxErrors(0))
                .hasMessage("Invalid value 0 for --max-errors: must be at least 1");
        assertThatThrownBy(() -> SubmitOptions.builder().format("xml"))
                .hasMessage("Invalid value xml for --format: must be one of jsonl, json, csv, checkpoint (or leave it out to detect it)");
    }

    @Test
    void noAtomicCommitsInChunksAndEndsWithTheManifest() throws IOException {
        Path file = write("big.jsonl", IntStream.rangeClosed(1, 25).mapToObj(i -> String.format(GOOD, i)).toArray(String[]::new));

        submit(file, SubmitOptions.builder().atomic(false).chunkSize(10).build());

        assertThat(TopicRecords.read(bootstrap, layout.tasks())).hasSize(25);
        assertThat(TopicRecords.read(bootstrap, layout.batches())).hasSize(1);
    }

    private SubmitResult submit(Path file, SubmitOptions options) {
        try (TaskFile f = TaskFile.open(file.toString(), System.in)) {
            return submitter.submit(f, options, Progress.none());
        }
    }

    private Path write(String name, String... lines) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, java.util.Arrays.stream(lines).collect(Collectors.joining("\n")) + "\n");
        return p;
    }
}
