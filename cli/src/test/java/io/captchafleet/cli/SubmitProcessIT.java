package io.captchafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code submit} as a user runs it: the real jar, a file piped into stdin, and a large file in a small heap. */
@ExtendWith(KafkaClusterExtension.class)
class SubmitProcessIT {
    /** Set to a line count (e.g. 1000000) to run the bounded-memory measurement; it is skipped otherwise. */
    static final String MEASURE = "CAPTCHA_FLEET_MEASURE_SUBMIT_LINES";

    @TempDir
    Path dir;

    @Test
    void aFilePipedIntoStdinIsPublishedAsOneBatch(TestKafka kafka) throws Exception {
        String prefix = kafka.newTopicPrefix();
        String lines = IntStream.rangeClosed(1, 500).mapToObj(SubmitProcessIT::line).collect(Collectors.joining("\n")) + "\n";

        try (JarProcess submit = JarProcess.start("submit", "-", "--batch", "piped", "--bootstrap-servers", kafka.bootstrapServers(),
                "--topic-prefix", prefix, "--partitions", "2")) {
            submit.pipe(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)));
            assertThat(submit.waitFor(Duration.ofSeconds(120))).as(String.join("\n", submit.err())).isZero();
            assertThat(submit.output()).matches("Submitted batch \"piped\": 500 published \\(500 tasks\\), 0 rejected, [0-9.]+ s\\.");
        }
        try (JarProcess status = JarProcess.start("status", "--batch", "piped", "--bootstrap-servers", kafka.bootstrapServers(),
                "--topic-prefix", prefix)) {
            assertThat(status.waitFor(Duration.ofSeconds(60))).isZero();
            assertThat(status.output()).contains("  total 500, solved 0, failed 0, in flight 0, retrying 0, pending 500");
        }
        try (JarProcess again = JarProcess.start("submit", "-", "--batch", "piped", "--bootstrap-servers", kafka.bootstrapServers(),
                "--topic-prefix", prefix)) {
            again.pipe(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)));
            assertThat(again.waitFor(Duration.ofSeconds(120))).isZero();
            assertThat(again.output()).startsWith("Batch \"piped\" already submitted with the same 500 tasks; nothing was published");
        }
    }

    /**
     * Submits a generated file of {@value #MEASURE} lines in a 256 MiB heap and prints the peak heap the
     * GC log shows and the wall time. It asserts only success: the figures go into the notes.
     */
    @Test
    void aMillionLineFileIsSubmittedInASmallHeap(TestKafka kafka) throws Exception {
        String wanted = System.getenv(MEASURE);
        Assumptions.assumeTrue(wanted != null && !wanted.isBlank(), "set " + MEASURE + " to run the measurement");
        int n = Integer.parseInt(wanted.strip());
        Path file = dir.resolve("million.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (int i = 1; i <= n; i++) {
                w.write(line(i));
                w.write('\n');
            }
        }
        Path gcLog = dir.resolve("gc.log");
        String prefix = TopicLayout.withDefaults(kafka.newTopicPrefix()).prefix();
        long started = System.nanoTime();
        try (JarProcess submit = JarProcess.start(List.of("-Xmx256m", "-Xlog:gc:file=" + gcLog), Map.of(), "submit", file.toString(),
                "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", prefix, "--partitions", "12", "--progress", "plain")) {
            assertThat(submit.waitFor(Duration.ofMinutes(20))).as(String.join("\n", submit.err())).isZero();
            double seconds = (System.nanoTime() - started) / 1e9;
            long[] heap = heapMib(gcLog);
            System.out.printf("MEASURED submit of %d lines (%d MiB file): %.1f s wall, heap before GC at most %d MiB, live after GC"
                    + " at most %d MiB, of -Xmx256m; %s%n", n, Files.size(file) >> 20, seconds, heap[0], heap[1], submit.output());
        }
    }

    /**
     * The largest heap occupancy before a collection and the largest left after one (the live set), from
     * unified GC log lines like {@code 120M->30M(256M)}.
     */
    private static long[] heapMib(Path gcLog) throws IOException {
        Pattern p = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
        long[] peak = {0, 0};
        for (String l : Files.readAllLines(gcLog)) {
            Matcher m = p.matcher(l);
            if (m.find()) {
                peak[0] = Math.max(peak[0], Long.parseLong(m.group(1)));
                peak[1] = Math.max(peak[1], Long.parseLong(m.group(2)));
            }
        }
        return peak;
    }

    private static String line(int i) {
        return "{\"method\":\"userrecaptcha\",\"sitekey\":\"6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-\",\"pageurl\":\"https://example.com/page/"
                + i + "\",\"proxy\":\"user:pass@10.0." + (i % 250) + ".1:3128\"}";
    }
}
