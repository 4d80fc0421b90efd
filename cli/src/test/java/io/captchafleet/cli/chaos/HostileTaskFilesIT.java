package io.captchafleet.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.captchafleet.common.InputException;
import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.common.topics.TopicCreator;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.common.topics.TopicSettings;
import io.captchafleet.producer.input.TaskFile;
import io.captchafleet.producer.kafka.KafkaClients;
import io.captchafleet.producer.kafka.TopicScan;
import io.captchafleet.producer.progress.Progress;
import io.captchafleet.producer.submit.SubmitOptions;
import io.captchafleet.producer.submit.Submitter;
import io.captchafleet.sandbox.broker.BrokerOptions;
import io.captchafleet.sandbox.broker.EmbeddedKafkaBroker;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Item 12, the submit parser: random and mutated JSON Lines task files submitted to a real broker. A
 * file is published whole or not at all, and a refused one names every bad line, with the field or the
 * parse error; nothing but {@link InputException} ever comes out.
 */
@Tag("chaos")
class HostileTaskFilesIT {
    private static final Pattern PROBLEM = Pattern.compile("^(.+):(\\d+): (.+)$");
    /** Says which field is wrong, or that the line is no JSON object at all. */
    private static final Pattern NAMES_FIELD = Pattern.compile(".*(\"[A-Za-z_]+\"|unknown method|unknown type|not valid JSON|expected a JSON object|duplicate id).*");
    private static final String CHARS = "{}[]\":,\\ aZ09.-_/\u00e9\u2603\t";
    private static final AtomicInteger BATCHES = new AtomicInteger();

    private static EmbeddedKafkaBroker broker;
    private static TopicLayout layout;
    private static KafkaClients clients;
    private static Consumer<byte[], byte[]> follower;
    private static final Map<String, Long> tasksPerBatch = new HashMap<>();
    private static final Set<String> manifests = new HashSet<>();
    private static Path dir;
    private static ChaosRun run;
    private static final int[] outcomes = new int[3];

    /** A line of the file and what it must cause: {@code expected} is a fragment of its problem, null for a good line, "?" for a fuzzed one. */
    record Line(String text, String expected) {
        boolean blank() {
            return text.isBlank();
        }
    }

    @BeforeContainer
    static void startBroker() throws IOException {
        run = new ChaosRun("hostile-task-files");
        broker = EmbeddedKafkaBroker.start(BrokerOptions.ephemeral());
        layout = TopicLayout.withDefaults("hostile");
        clients = KafkaClients.of(KafkaSettings.of(broker.bootstrapServers()));
        try (Admin admin = clients.admin()) {
            new TopicCreator(admin).ensure(layout, TopicSettings.defaults().withPartitions(2));
        }
        follower = clients.reader();
        TopicScan.fromBeginning(follower, List.of(layout.tasks(), layout.batches()));
        dir = Files.createTempDirectory("hostile-task-files");
    }

    @AfterContainer
    static void stopBroker() {
        run.report(String.format("files=%d published=%d refused=%d no_tasks=%d crashes=0",
                outcomes[0] + outcomes[1] + outcomes[2], outcomes[0], outcomes[1], outcomes[2]));
        follower.close();
        broker.close();
    }

    @Property(tries = 150, seed = "7")
    void aMutatedTaskFileIsPublishedWholeOrNotAtAllAndEveryRefusalNamesTheLineAndField(@ForAll("taskFiles") List<Line> lines)
            throws IOException {
        String batch = "p" + BATCHES.incrementAndGet();
        List<Line> file = markDuplicates(lines);
        Path path = dir.resolve(batch + ".jsonl");
        StringBuilder text = new StringBuilder();
        file.forEach(l -> text.append(l.text()).append('\n'));
        Files.writeString(path, text, StandardCharsets.UTF_8);

        Set<Integer> bad = new HashSet<>();
        Set<Integer> fuzzed = new HashSet<>();
        long entries = 0;
        for (int i = 0; i < file.size(); i++) {
            Line l = file.get(i);
            entries += l.blank() ? 0 : 1;
            if ("?".equals(l.expected())) {
                fuzzed.add(i + 1);
            } else if (l.expected() != null) {
                bad.add(i + 1);
            }
        }

        InputException refused = null;
        try (TaskFile tasks = TaskFile.open(path.toString(), new ByteArrayInputStream(new byte[0]))) {
            new Submitter(clients, layout).submit(tasks, SubmitOptions.builder().batch(batch).build(), Progress.none());
        } catch (InputException e) {
            refused = e;
        }
        TopicScan.continuing(follower).toEnd(HostileTaskFilesIT::count);

        if (refused == null) {
            outcomes[0]++;
            assertThat(bad).as("lines that must be refused").isEmpty();
            long published = entries;
            // The commit markers reach the partitions a moment after commitTransaction returns.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                TopicScan.continuing(follower).toEnd(HostileTaskFilesIT::count);
                assertThat(tasksPerBatch.getOrDefault(batch, 0L)).as("tasks published").isEqualTo(published);
                assertThat(manifests).contains(batch);
            });
            return;
        }
        assertThat(tasksPerBatch.getOrDefault(batch, 0L)).as("tasks published by a refused submit").isZero();
        assertThat(manifests).as("manifests").doesNotContain(batch);
        if (entries == 0) {
            outcomes[2]++;
            assertThat(refused.getMessage()).isEqualTo(path + " holds no tasks (read as jsonl); nothing was published");
            return;
        }
        outcomes[1]++;
        String[] message = refused.getMessage().split("\n");
        assertThat(message[0]).matches("\\d+ of " + entries + " tasks in " + Pattern.quote(path.toString())
                + " are invalid; nothing was published:");
        Map<Integer, List<String>> problems = new HashMap<>();
        for (int i = 1; i < message.length; i++) {
            Matcher m = PROBLEM.matcher(message[i]);
            assertThat(m.matches()).as("problem line %s", message[i]).isTrue();
            assertThat(m.group(1)).isEqualTo(path.toString());
            int line = Integer.parseInt(m.group(2));
            assertThat(line).as("a refused line is one that was made bad: %s", message[i]).isIn(union(bad, fuzzed));
            assertThat(m.group(3)).as("the problem names the field or the parse error").matches(NAMES_FIELD);
            problems.computeIfAbsent(line, k -> new ArrayList<>()).add(m.group(3));
        }
        for (int line : bad) {
            assertThat(problems.get(line)).as("problems of line %d (%s)", line, file.get(line - 1).text()).isNotNull()
                    .anySatisfy(p -> assertThat(p).contains(file.get(line - 1).expected()));
        }
    }

    @Provide
    Arbitrary<List<Line>> taskFiles() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, good()),
                net.jqwik.api.Tuple.of(3, knownBad()),
                net.jqwik.api.Tuple.of(3, fuzzed()),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(new Line("", null), new Line("   ", null))),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Line("{\"id\":\"dup\",\"method\":\"turnstile\",\"sitekey\":\"k\","
                        + "\"pageurl\":\"https://dup.test/\"}", null))))
                .list().ofMinSize(1).ofMaxSize(12);
    }

    private static Arbitrary<String> goodText() {
        Arbitrary<String> method = Arbitraries.of("userrecaptcha", "hcaptcha", "turnstile");
        Arbitrary<String> path = Arbitraries.strings().alpha().numeric().ofMaxLength(12);
        return Combinators.combine(method, path).as((m, p) -> "{\"method\":\"" + m + "\",\"sitekey\":\"6Le-site\",\"pageurl\":\"https://t.test/"
                + p + "\"}");
    }

    private static Arbitrary<Line> good() {
        return goodText().map(t -> new Line(t, null));
    }

    private static Arbitrary<Line> knownBad() {
        return Arbitraries.of(
                new Line("{\"method\":\"userrecaptcha\",\"sitekey\":\"k\"}", "\"pageurl\" is missing"),
                new Line("{\"method\":\"hcaptcha\",\"sitekey\":\"k\",\"pageurl\":\"example.com/x\"}",
                        "\"pageurl\" must be an absolute http(s) URL"),
                new Line("{\"method\":\"turnstile\",\"sitekey\":42,\"pageurl\":\"https://a.test/\"}", "\"sitekey\" must be a non-empty string"),
                new Line("{\"method\":\"nosuch\",\"pageurl\":\"https://a.test/\"}", "unknown method \"nosuch\""),
                new Line("{\"sitekey\":\"k\",\"pageurl\":\"https://a.test/\"}", "\"method\" is missing"),
                new Line("[1,2,3]", "expected a JSON object"),
                new Line("xyz not json", "not valid JSON"),
                new Line("{\"method\":\"userrecaptcha\",\"sitekey\":\"k\",\"pageurl\":\"https://a.test/\"", "not valid JSON"));
    }

    /** A good line with one to three characters deleted, inserted or replaced: it may still be good. */
    private static Arbitrary<Line> fuzzed() {
        Arbitrary<List<int[]>> edits = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, CHARS.length() - 1)).as((op, at, c) -> new int[] {op, at, c}).list().ofMinSize(1).ofMaxSize(3);
        return Combinators.combine(goodText(), edits).as((text, list) -> {
            StringBuilder sb = new StringBuilder(text);
            for (int[] e : list) {
                int at = e[1] % Math.max(1, sb.length());
                char c = CHARS.charAt(e[2]);
                if (e[0] == 0 && sb.length() > 0) {
                    sb.deleteCharAt(at);
                } else if (e[0] == 1) {
                    sb.insert(at, c);
                } else if (sb.length() > 0) {
                    sb.setCharAt(at, c);
                }
            }
            return new Line(sb.toString().replace("\n", " ").replace("\r", " "), "?");
        });
    }

    /** The first line with id "dup" is good; every later one must be refused as a duplicate. */
    private static List<Line> markDuplicates(List<Line> lines) {
        List<Line> out = new ArrayList<>();
        boolean seen = false;
        for (Line l : lines) {
            if (l.text().contains("\"id\":\"dup\"")) {
                out.add(seen ? new Line(l.text(), "duplicate id \"dup\"") : l);
                seen = true;
            } else {
                out.add(l);
            }
        }
        return out;
    }

    private static Set<Integer> union(Set<Integer> a, Set<Integer> b) {
        Set<Integer> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }

    private static void count(ConsumerRecord<byte[], byte[]> r) {
        String key = new String(r.key(), StandardCharsets.UTF_8);
        if (r.topic().equals(layout.batches())) {
            manifests.add(key);
        } else {
            tasksPerBatch.merge(key.substring(0, key.indexOf('/')), 1L, Long::sum);
        }
    }
}
