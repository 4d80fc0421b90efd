package io.captchafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.captchafleet.common.serde.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code captcha-fleet bench} as a user runs it: one small scenario end to end, its tables and JSON written. */
class BenchProcessIT {

    @Test
    void aQuickRunOfOneScenarioWritesItsTableBesideTheMachineAndItsJson(@TempDir Path dir) throws Exception {
        try (JarProcess bench = JarProcess.start(List.of("-Xmx512m"), Map.of(), "bench", "--scenario", "kafka", "--scale", "0.025",
                "--out", dir.toString(), "--work-dir", dir.resolve("work").toString())) {
            assertThat(bench.waitFor(Duration.ofMinutes(5))).as(bench.output() + "\n" + String.join("\n", bench.err())).isZero();
            assertThat(bench.output()).contains("bench: kafka: parameters {records=5000,")
                    .contains("Wrote " + dir.resolve("BENCHMARKS.md"));
        }
        String md = Files.readString(dir.resolve("BENCHMARKS.md"));
        assertThat(md).contains("## 8. Kafka's own limit").contains("Machine: " + Runtime.getRuntime().availableProcessors() + " cores")
                .contains("| records | 5000 |").containsPattern("\\| records/s \\| [0-9.]+ \\|");
        JsonNode json = Json.MAPPER.readTree(dir.resolve("benchmarks.json").toFile());
        assertThat(json.get("scenarios").get(0).get("name").asText()).isEqualTo("kafka");
        assertThat(json.get("scenarios").get(0).get("figures").get("records/s").asDouble()).isPositive();
    }
}
