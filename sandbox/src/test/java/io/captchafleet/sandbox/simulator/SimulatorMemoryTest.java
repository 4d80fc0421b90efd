package io.captchafleet.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A simulator with a state directory remembers its tasks and counters across a restart, even a kill. */
class SimulatorMemoryTest {
    private final ManualClock clock = new ManualClock();
    @TempDir
    Path dir;

    private SimulatorSettings.Builder settings(Path state) {
        return SimulatorSettings.builder().clock(clock).latency(Latency.fixed(Duration.ofSeconds(10))).seed(21).stateDir(state);
    }

    @Test
    void aRestartedSimulatorAnswersForTheIdsItIssuedAndKeepsItsCounters() {
        String solved;
        String pending;
        try (SolverSimulator first = SolverSimulator.start(settings(dir).balance(10).build())) {
            ApiClient api = new ApiClient(first);
            solved = api.submitRecaptchaId("https://example.com/1");
            pending = api.submitRecaptchaId("https://example.com/2");
            clock.advance(Duration.ofSeconds(10));
            assertThat(api.poll(solved).path("request").asText()).startsWith("SIMULATED." + solved + ".");
            first.refill(5);
        }

        try (SolverSimulator second = SolverSimulator.start(settings(dir).balance(10).build())) {
            ApiClient api = new ApiClient(second);
            assertThat(api.poll(pending).path("request").asText()).startsWith("SIMULATED." + pending + ".");
            String third = api.submitRecaptchaId("https://example.com/3");

            SimulatorStats stats = second.stats();
            assertThat(Long.parseLong(third)).isGreaterThan(Long.parseLong(pending));
            assertThat(stats.acceptedSubmits()).isEqualTo(3);
            assertThat(stats.tasksSeen()).isEqualTo(3);
            assertThat(stats.solved()).isEqualTo(2);
            assertThat(stats.tasksBilledMoreThanOnce()).isZero();
            assertThat(stats.balanceRemaining()).isEqualTo(10 - 3 + 5);
            assertThat(stats.requestsTotal()).isEqualTo(5);
            assertThat(second.taskStats().get("https://example.com/1").polls()).isEqualTo(1);
        }
    }

    @Test
    void aSolvedTaskSubmittedAgainAfterARestartCountsAsBilledAgainAfterSuccess() {
        try (SolverSimulator first = SolverSimulator.start(settings(dir).build())) {
            ApiClient api = new ApiClient(first);
            String id = api.submitRecaptchaId("https://example.com/again");
            clock.advance(Duration.ofSeconds(10));
            api.poll(id);
        }
        try (SolverSimulator second = SolverSimulator.start(settings(dir).build())) {
            new ApiClient(second).submitRecaptchaId("https://example.com/again");

            assertThat(second.stats().tasksBilledAgainAfterSuccess()).isEqualTo(1);
            assertThat(second.taskStats().get("https://example.com/again").tokensGiven()).isEqualTo(1);
        }
    }

    /**
     * What a {@code kill -9} leaves: the files as they are while the simulator runs (no final snapshot,
     * no close), and a last journal line cut in the middle of its write.
     */
    @Test
    void whatAKilledSimulatorLeftIsReadAndEveryBilledSubmitIsRemembered() throws IOException {
        Path killed = dir.resolve("killed");
        String id;
        try (SolverSimulator running = SolverSimulator.start(settings(dir.resolve("live")).build())) {
            ApiClient api = new ApiClient(running);
            id = api.submitRecaptchaId("https://example.com/a");
            api.submitRecaptchaId("https://example.com/b");
            copy(dir.resolve("live"), killed);
        }
        Files.writeString(killed.resolve("journal.jsonl"), "{\"v\":1,\"event\":\"billed\",\"identity\":\"https://exa",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (SolverSimulator restarted = SolverSimulator.start(settings(killed).build())) {
            clock.advance(Duration.ofSeconds(10));
            assertThat(new ApiClient(restarted).poll(id).path("request").asText()).startsWith("SIMULATED." + id + ".");
            assertThat(restarted.stats().acceptedSubmits()).isEqualTo(2);
        }
        assertThat(Files.readString(killed.resolve("journal.jsonl"))).doesNotContain("https://exa\"").endsWith("\n");
    }

    @Test
    void aSecondSimulatorOnTheSameDirectoryIsRefused() {
        try (SolverSimulator first = SolverSimulator.start(settings(dir).build())) {
            assertThatThrownBy(() -> SolverSimulator.start(settings(dir).build()))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessage("Invalid value " + dir.toAbsolutePath() + " for state-dir: another simulator is using it; stop it or use"
                            + " another directory");
        }
    }

    @Test
    void aJournalLineThatIsNotAnEntryIsNamedAndNothingStarts() throws IOException {
        Files.writeString(dir.resolve("journal.jsonl"), "{\"v\":1,\"event\":\"seen\",\"identity\":\"https://example.com/x\"}\nhello\n");

        assertThatThrownBy(() -> SolverSimulator.start(settings(dir).build()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("Invalid value " + dir.toAbsolutePath() + " for state-dir: journal.jsonl line 2 is not a simulator"
                        + " journal entry (");
    }

    @Test
    void withoutAStateDirectoryARestartedSimulatorKnowsNothing() {
        String id;
        try (SolverSimulator first = SolverSimulator.start(settings(null).build())) {
            id = new ApiClient(first).submitRecaptchaId("https://example.com/forgotten");
        }
        try (SolverSimulator second = SolverSimulator.start(settings(null).build())) {
            assertThat(new ApiClient(second).poll(id).path("request").asText()).isEqualTo("ERROR_NO_SUCH_CAPCHA_ID");
            assertThat(second.stats().acceptedSubmits()).isZero();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
