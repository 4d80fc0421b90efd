package io.captchafleet.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.captchafleet.common.serde.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {
    private static final Machine MACHINE = new Machine(2, 8L << 30, "Test 17", "Linux test");

    @TempDir
    Path dir;

    @Test
    void aMissedGoalIsWrittenAsMissedWithItsMeasuredFigureBesideTheMachine() throws Exception {
        ScenarioResult r = new ScenarioResult("overhead", "2. Overhead").parameter("tasks", 200000).figure("worker CPU ms per task", 0.9)
                .goal(Goal.atMost("worker CPU ms per task", 0.5, 0.9, "%.3f"));
        ScenarioResult met = new ScenarioResult("economy", "3. API economy")
                .goal(Goal.atMost("requests per solved task with multi-id polling", 1.2, 1.132, "%.3f"));

        new BenchReport(MACHINE, 1.0, List.of(r, met)).write(dir.resolve("BENCHMARKS.md"), dir.resolve("benchmarks.json"));

        String md = Files.readString(dir.resolve("BENCHMARKS.md"));
        assertThat(md).containsPattern("Written by `captcha-fleet bench` on \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z with"
                + " `--scale 1.0` \\(the full sizes the goals are set for\\)\\.");
        assertThat(md).contains("| 2. Overhead: worker CPU ms per task | ≤ 0.500 | 0.900 | **missed** |")
                .contains("| 3. API economy: requests per solved task with multi-id polling | ≤ 1.200 | 1.132 | met |")
                .contains("## 2. Overhead\n\nMachine: 2 cores, 8.0 GiB memory, Java Test 17, Linux test\n")
                .contains("| tasks | 200000 |");
        JsonNode json = Json.MAPPER.readTree(dir.resolve("benchmarks.json").toFile());
        assertThat(json.get("machine").get("cores").asInt()).isEqualTo(2);
        assertThat(json.get("scenarios").get(0).get("goals").get(0).get("met").asBoolean()).isFalse();
        assertThat(json.get("scenarios").get(0).get("figures").get("worker CPU ms per task").asDouble()).isEqualTo(0.9);
    }

    @Test
    void theReportLeadsWithTheMachineAndTheSummaryOfEveryGoalAndSaysWhatEachScenarioMeasures() {
        ScenarioResult r = new ScenarioResult("makespan", "9. Makespan").measures("The time a user waits for a whole batch.")
                .goal(Goal.atMost("process start to exit (s)", 35, 31.2, "%.1f"));

        String md = new BenchReport(MACHINE, 1.0, List.of(r)).markdown();

        assertThat(md).startsWith("# captcha-fleet benchmarks\n\nMachine: 2 cores, 8.0 GiB memory, Java Test 17, Linux test. Written by");
        assertThat(md.indexOf("| 9. Makespan: process start to exit (s) | ≤ 35.0 | 31.2 | met |")).isPositive()
                .isLessThan(md.indexOf("## 9. Makespan"));
        assertThat(md).contains("## 9. Makespan\n\nWhat it measures: The time a user waits for a whole batch.\n\nMachine: 2 cores");
    }

    @Test
    void aScenarioThatDidNotFinishSaysSo() {
        ScenarioResult r = new ScenarioResult("halt", "6. Halt latency");
        r.failed("java.lang.IllegalStateException: gave up waiting for a FATAL event after 120 s");

        assertThat(new BenchReport(MACHINE, 0.05, List.of(r)).markdown())
                .contains("with `--scale 0.05` (sizes scaled: not comparable with the goals)")
                .contains("**Did not finish:** java.lang.IllegalStateException: gave up waiting for a FATAL event after 120 s");
    }

    @Test
    void theNearestRankPercentileOfTwentyTrialsIsTheLargestForP99() {
        List<Long> sorted = List.of(18L, 29L, 29L, 31L, 32L, 33L, 39L, 49L, 57L, 76L, 85L, 85L, 87L, 88L, 88L, 89L, 93L, 96L, 96L, 244L);

        assertThat(HaltLatencyScenario.percentile(sorted, 99)).isEqualTo(244);
        assertThat(HaltLatencyScenario.percentile(sorted, 50)).isEqualTo(76);
        assertThat(HaltLatencyScenario.percentile(List.of(), 50)).isEqualTo(-1);
    }
}
