package io.captchafleet.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.captchafleet.common.Timestamps;
import io.captchafleet.common.serde.Json;

/** Writes the results as {@code BENCHMARKS.md} tables and a JSON file, the machine beside every table. */
final class BenchReport {
    private final Machine machine;
    private final double scale;
    private final List<ScenarioResult> results;
    private final Instant at = Instant.now();

    BenchReport(Machine machine, double scale, List<ScenarioResult> results) {
        this.machine = machine;
        this.scale = scale;
        this.results = results;
    }

    void write(Path markdown, Path json) throws IOException {
        Files.writeString(markdown, markdown());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("at", Timestamps.format(at));
        root.put("scale", scale);
        root.put("machine", machine.toMap());
        List<Object> list = new ArrayList<>();
        results.forEach(r -> list.add(r.toMap()));
        root.put("scenarios", list);
        Files.writeString(json, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# captcha-fleet benchmarks\n\n");
        md.append("Machine: ").append(machine.describe()).append(". Written by `captcha-fleet bench` on ").append(Timestamps.format(at))
                .append(" with `--scale ").append(scale).append("`")
                .append(scale == 1.0 ? " (the full sizes the goals are set for)" : " (sizes scaled: not comparable with the goals)")
                .append(".\n\n");
        md.append("| goal | target | measured | |\n| --- | --- | --- | --- |\n");
        for (ScenarioResult r : results) {
            r.goals().forEach(g -> goalRow(md, r.title() + ": " + g.name(), g));
        }
        md.append("\nBroker and workers run as their own processes from the real jar; the solver simulator runs in the bench JVM.")
                .append(" A goal missed is written as missed, with the measured figure.\n\n")
                .append("Run it again with `captcha-fleet bench --scale ").append(scale)
                .append("` (`--scenario NAME` runs only that scenario and may be repeated; `--scale 0.05` is a quick run).\n");
        for (ScenarioResult r : results) {
            md.append("\n## ").append(r.title()).append("\n\n");
            if (r.measures() != null) {
                md.append("What it measures: ").append(r.measures()).append("\n\n");
            }
            md.append("Machine: ").append(machine.describe()).append("\n\n");
            if (r.error() != null) {
                md.append("**Did not finish:** ").append(r.error()).append("\n\n");
            }
            table(md, "parameter", r.parameters());
            table(md, "figure", r.figures());
            if (!r.goals().isEmpty()) {
                md.append("| goal | target | measured | |\n| --- | --- | --- | --- |\n");
                r.goals().forEach(g -> goalRow(md, g.name(), g));
                md.append('\n');
            }
            r.notes().forEach(n -> md.append(n).append("\n\n"));
        }
        return md.toString();
    }

    private static void goalRow(StringBuilder md, String name, Goal g) {
        md.append("| ").append(name).append(" | ").append(g.target()).append(" | ").append(g.measured()).append(" | ")
                .append(g.met() ? "met" : "**missed**").append(" |\n");
    }

    private static void table(StringBuilder md, String what, Map<String, Object> rows) {
        if (rows.isEmpty()) {
            return;
        }
        md.append("| ").append(what).append(" | value |\n| --- | --- |\n");
        rows.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append('\n');
    }
}
