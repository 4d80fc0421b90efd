package io.captchafleet.producer.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class ProgressTest {
    private static final String ERASE = "\r\u001b[2K";

    private final StringWriter text = new StringWriter();
    private final PrintWriter err = new PrintWriter(text, true);

    @Test
    void plainProgressWritesALineEveryIntervalAndOneWhenAPhaseThatShowedAnyEnds() {
        Progress p = new PlainProgress(err, Unit.of("tasks"), Duration.ZERO);
        p.begin("solving b1", 10);
        p.update(3);
        p.update(10);
        p.close();
        assertThat(lines()).hasSize(3).allSatisfy(l -> assertThat(l).matches("solving b1: (3|10)/10 tasks \\((30|100)%\\), \\d+ tasks/s"));
        assertThat(lines().get(2)).startsWith("solving b1: 10/10 tasks (100%)");
    }

    @Test
    void aPlainPhaseShorterThanTheIntervalShowsNothing() {
        Progress p = new PlainProgress(err, Unit.of("tasks"), Duration.ofHours(1));
        p.begin("publishing b1", 10);
        p.update(10);
        p.close();
        assertThat(text.toString()).isEmpty();
    }

    @Test
    void aFileIsCountedInBytesSoItsShareIsKnownBeforeItsTasks() {
        Progress p = new PlainProgress(err, Unit.of("tasks"), Duration.ZERO);
        p.beginBytes("validating tasks.jsonl", 20 * 1024);
        p.update(5 * 1024);
        assertThat(lines()).singleElement().asString().startsWith("validating tasks.jsonl: 5/20 KiB (25%), ");
        assertThat(Unit.bytes(900)).isEqualTo(new Unit("bytes", 1));
        assertThat(Unit.bytes(50L << 20)).isEqualTo(new Unit("MiB", 1 << 20));
    }

    @Test
    void theBarIsNarrowerThanTheTerminalSoItNeverWraps() {
        Progress bar = Progress.bar(err, () -> 40, "tasks");
        bar.begin("solving a-batch-with-a-long-name", 500);
        bar.update(250);
        bar.close();
        List<String> drawn = segments();
        assertThat(drawn).isNotEmpty().anyMatch(s -> s.contains("%")).allSatisfy(s -> assertThat(s.length()).isLessThan(40));
    }

    @Test
    void aLinePrintedAboveTheBarErasesItAndDrawsItAgainBelow() {
        Progress bar = Progress.bar(err, () -> 60, "tasks");
        try {
            bar.begin("solving b1", 100);
            bar.update(50);
            await().atMost(Duration.ofSeconds(10)).until(() -> text.toString().contains("50/100"));
            StatusLine.printAbove(() -> err.println("2026-01-01T00:00:00.000Z WARN  a log line"));
            String out = text.toString();
            int logged = out.indexOf(ERASE + "2026-01-01T00:00:00.000Z WARN  a log line\n");
            assertThat(logged).as(out).isPositive();
            String before = out.substring(out.lastIndexOf(ERASE, logged - 1) + ERASE.length(), logged);
            assertThat(out.substring(logged)).as("the bar again, below the line").contains("\n" + before);
        } finally {
            bar.close();
        }
    }

    private List<String> lines() {
        return text.toString().lines().collect(Collectors.toList());
    }

    /** What a terminal shows as separate runs of text: cut at carriage returns, line feeds and erase-line sequences. */
    private List<String> segments() {
        return Arrays.stream(text.toString().replace("\u001b[2K", "").split("[\r\n]")).filter(s -> !s.isEmpty())
                .collect(Collectors.toList());
    }
}
