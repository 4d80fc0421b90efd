package io.captchafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the real jar shows on the console and writes to its log: {@code local} on an 80-column terminal
 * (a pseudo-terminal from util-linux {@code script}), with {@code -v} and {@code -q}, an operator command
 * on the same state directory, and the services' log levels and JSON lines.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(KafkaClusterExtension.class)
class ConsoleProcessIT {
    private static final int COLUMNS = 80;
    private static final int TASKS = 30;
    /** A log line as logback.xml writes it: ISO time stamp, then the level. */
    private static final Pattern LOG_LINE = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+(Z|[+-]\\d\\d:\\d\\d) (TRACE|DEBUG|INFO|WARN|ERROR) ");
    /** The progress bar as progressbar's ASCII style draws it: {@code 57% [=====>    ]}. */
    private static final Pattern BAR = Pattern.compile("\\d+% \\[[=> ]*\\]");
    private static final Duration RUN = Duration.ofMinutes(3);

    @TempDir
    static Path dir;

    private Path tasks;
    private Path state;
    private TerminalRun run;

    @BeforeAll
    void localRunsOnAnEightyColumnTerminal() throws Exception {
        Assumptions.assumeTrue(TerminalRun.available(), "util-linux script is needed for a pseudo-terminal");
        tasks = Files.writeString(dir.resolve("t.jsonl"), IntStream.rangeClosed(1, TASKS)
                .mapToObj(i -> "{\"id\":\"t" + i + "\",\"method\":\"turnstile\",\"sitekey\":\"k\",\"pageurl\":\"https://example.com/" + i + "\"}")
                .collect(Collectors.joining("\n", "", "\n")));
        state = dir.resolve("state");
        run = TerminalRun.of(COLUMNS, Map.of(), dir, RUN, local(state, "--sim-latency", "fixed:300ms"));
    }

    @Test
    void localShowsTheBarOnOneLineAndTheSummaryButNoLogLine() {
        assertThat(run.exitCode()).as(run.raw()).isZero();
        assertThat(LOG_LINE.matcher(run.raw()).find()).as(run.raw()).isFalse();
        List<String> bars = run.segments().stream().filter(s -> BAR.matcher(s).find()).collect(Collectors.toList());
        assertThat(bars).as(run.raw()).anyMatch(s -> s.startsWith("validating ")).anyMatch(s -> s.startsWith("publishing t"))
                .anyMatch(s -> s.startsWith("solving t 100% [") && s.contains(TASKS + "/" + TASKS + " tasks"));
        assertThat(bars).as("a bar never reaches the last column, so the terminal never wraps it")
                .allSatisfy(s -> assertThat(s.length()).isLessThan(COLUMNS));
        assertThat(run.segments()).as(run.raw()).contains(
                "No --provider: solving with the built-in simulator. Its tokens are SIMULATED and worthless outside tests; name"
                        + " --provider (with CAPTCHA_API_KEY or --api-key-file) to solve for real.",
                "Batch t: " + TASKS + " tasks, " + TASKS + " solved, 0 failed; " + TASKS + " paid submits in all runs.",
                "Results: " + dir.resolve("results-state.jsonl") + " (" + TASKS + " outcomes).",
                "Log: " + state.resolve("logs").resolve("local.log"));
    }

    @Test
    void theLogFileInTheStateDirectoryHoldsTheInfoLines() throws Exception {
        List<String> log = Files.readAllLines(state.resolve("logs").resolve("local.log"));
        assertThat(log).allSatisfy(line -> assertThat(line).matches(LOG_LINE.pattern() + ".*"));
        assertThat(String.join("\n", log)).contains(" INFO  [main] i.c.c.c.ConsoleLog - captcha-fleet local (process ",
                "Embedded Kafka broker ready at ", "Worker local-1 started: group captcha-workers",
                "Restored results partition 0 to offset ", "Worker process stopped");
    }

    @Test
    void anOperatorCommandOnTheStateDirectoryShowsItsNoticeButNotTheBrokersLog() throws Exception {
        try (JarProcess status = JarProcess.start("status", "--state-dir", state.toString(), "--batch", "t")) {
            assertThat(status.waitFor(RUN)).as(String.join("\n", status.err())).isZero();
            assertThat(status.err()).containsExactly("No fleet is running on " + state.toAbsolutePath()
                    + "; started its embedded broker for this command.");
            assertThat(status.output()).contains("total " + TASKS + ", solved " + TASKS + ", failed 0");
        }
        assertThat(Files.readString(state.resolve("logs").resolve("status.log"))).contains("Embedded Kafka broker ready at ");
    }

    @Test
    void withVerboseLogLinesPrintAboveTheBarNeverInsideIt() throws Exception {
        Path verbose = dir.resolve("verbose");
        TerminalRun v = TerminalRun.of(COLUMNS, Map.of("CAPTCHA_API_KEY", "unused"), dir, RUN,
                local(verbose, "--sim-latency", "fixed:1500ms", "-v"));
        assertThat(v.exitCode()).as(v.raw()).isZero();
        List<String> segments = v.segments();
        assertThat(segments).as(v.raw()).anyMatch(s -> LOG_LINE.matcher(s).lookingAt() && s.contains("Worker local-1 started"))
                .contains("No --provider: solving with the built-in simulator (the API key in the environment is not used). Its"
                        + " tokens are SIMULATED and worthless outside tests; name --provider (with CAPTCHA_API_KEY or --api-key-file)"
                        + " to solve for real.");
        assertThat(segments).as("no segment holds both a bar and a log line").noneMatch(s -> BAR.matcher(s).find() && LOG_LINE.matcher(s).find());
        boolean printedAbove = IntStream.range(1, segments.size() - 1).anyMatch(i -> LOG_LINE.matcher(segments.get(i)).lookingAt()
                && BAR.matcher(segments.get(i - 1)).find() && BAR.matcher(segments.get(i + 1)).find());
        assertThat(printedAbove).as("a log line came while a bar was drawn, and the bar was drawn again below it:\n" + v.raw()).isTrue();
    }

    @Test
    void quietShowsNoProgressNoticeOrLogLineOnlyTheSummary() throws Exception {
        Path quiet = dir.resolve("quiet");
        try (JarProcess q = JarProcess.start(local(quiet, "--sim-latency", "fixed:300ms", "-q"))) {
            assertThat(q.waitFor(RUN)).as(String.join("\n", q.err())).isZero();
            assertThat(q.err()).isEmpty();
            assertThat(q.out()).contains("Batch t: " + TASKS + " tasks, " + TASKS + " solved, 0 failed; " + TASKS + " paid submits in all runs.",
                    "Log: " + quiet.resolve("logs").resolve("local.log"));
        }
        assertThat(Files.readString(quiet.resolve("logs").resolve("local.log"))).contains("Worker local-1 started");
    }

    @Test
    void servicesLogFromInfoOnStderrAndLogLevelRaisesThat() throws Exception {
        try (JarProcess sim = JarProcess.start("simulator", "--port", "0")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> sim.output().contains("Solver simulator listening at "));
            sim.terminate();
            sim.waitFor(Duration.ofSeconds(30));
            assertThat(sim.err()).anySatisfy(line -> assertThat(line).matches(LOG_LINE.pattern() + "\\s*\\[main\\] .*Solver simulator on .*"));
        }
        try (JarProcess sim = JarProcess.start("simulator", "--port", "0", "--log-level", "WARN")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> sim.output().contains("Solver simulator listening at "));
            sim.terminate();
            sim.waitFor(Duration.ofSeconds(30));
            assertThat(sim.err()).isEmpty();
        }
    }

    @Test
    void aWorkerWithLogFormatJsonWritesOneJsonObjectPerLine(TestKafka kafka) throws Exception {
        String prefix = kafka.newTopicPrefix();
        assertThat(CliRunner.run("topics", "create", "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", prefix,
                "--partitions", "2").exitCode()).isZero();
        try (JarProcess worker = JarProcess.start(Map.of("CAPTCHA_API_KEY", "k"), "worker", "--bootstrap-servers",
                kafka.bootstrapServers(), "--topic-prefix", prefix, "--provider", "custom", "--solver-url", "http://127.0.0.1:9/",
                "--instance-id", "json-1", "--metrics-port", "-1", "--log-format", "json")) {
            await().atMost(Duration.ofSeconds(90)).until(() -> worker.err().stream().anyMatch(l -> l.contains("Worker json-1 started")));
            worker.terminate();
            worker.waitFor(Duration.ofSeconds(60));
            ObjectMapper json = new ObjectMapper();
            List<JsonNode> lines = new ArrayList<>();
            for (String line : worker.err()) {
                assertThat(line).as(String.join("\n", worker.err())).startsWith("{");
                lines.add(json.readTree(line));
            }
            assertThat(lines).allSatisfy(o -> assertThat(o.isObject()).isTrue())
                    .anySatisfy(o -> {
                        assertThat(o.path("level").asText()).isEqualTo("INFO");
                        assertThat(o.path("formattedMessage").asText()).startsWith("Worker json-1 started: group " + prefix + "-workers");
                        assertThat(o.path("mdc").path("worker").asText()).isEqualTo("json-1");
                        assertThat(o.path("timestamp").asLong()).isPositive();
                    });
        }
    }

    /** {@code local} on the 30-task file with fast polling, its state and results in the temporary folder. */
    private String[] local(Path stateDir, String... more) {
        List<String> args = new ArrayList<>(List.of("local", tasks.toString(), "--state-dir", stateDir.toString(), "--out",
                dir.resolve("results-" + stateDir.getFileName() + ".jsonl").toString(), "--workers", "2",
                "--poll-initial-delay", "200ms", "--poll-interval", "200ms"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }
}
