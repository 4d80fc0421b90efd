package io.captchafleet.cli.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import io.captchafleet.common.InputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code captcha-fleet bench}: the benchmark scenarios, on this machine, into BENCHMARKS.md and a JSON file. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the fleet on this machine: an embedded broker and worker processes from this jar, the solver simulator"
                + " over HTTP. Writes BENCHMARKS.md and benchmarks.json. The full run (--scale 1) takes tens of minutes.")
public final class BenchCommand implements Callable<Integer> {
    private static final List<Scenario> ALL = List.of(new ConcurrencyScenario(), new OverheadScenario(), new EconomyScenario(),
            new MemoryScenario(), new ScalingScenario(), new HaltLatencyScenario(), new CrashCostScenario(), new KafkaLimitScenario(),
            new MakespanScenario(), new PingbackScenario(), new PurgeScenario());

    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME",
            description = "Run only this scenario (repeatable): concurrency, overhead, economy, memory, scaling, halt, crash, kafka,"
                    + " makespan, pingback, purge (default: all).")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--scale", paramLabel = "FACTOR", defaultValue = "1",
            description = "Multiplies task counts, in-flight caps and trial counts; 0.05 is a quick run (default: ${DEFAULT-VALUE},"
                    + " the full sizes the goals are set for).")
    double scale;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Where BENCHMARKS.md and benchmarks.json go (default: the current folder).")
    Path out;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where brokers keep their data and processes their logs (default: a new temporary folder).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        if (!(scale > 0 && scale <= 10)) {
            throw new InputException("Invalid value " + scale + " for --scale: must be more than 0 and at most 10");
        }
        List<Scenario> chosen = choose();
        PrintWriter stdout = spec.commandLine().getOut();
        Path work = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("captcha-fleet-bench");
        Machine machine = Machine.current();
        BenchContext ctx = new BenchContext(scale, work, stdout);
        ctx.log("machine: %s; scale %s; work in %s", machine.describe(), scale, work);
        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario s : chosen) {
            ScenarioResult r = new ScenarioResult(s.name(), s.title()).measures(s.measures());
            long started = System.nanoTime();
            try {
                s.run(ctx, r);
            } catch (Exception e) {
                r.failed(e.toString());
                ctx.log("%s did not finish: %s", s.name(), e);
            }
            r.figure("scenario time s", (System.nanoTime() - started) / 1e9);
            ctx.log("%s: parameters %s; figures %s%s", s.name(), r.parameters(), r.figures(),
                    r.goals().isEmpty() ? "" : "; goals " + r.goals());
            results.add(r);
        }
        overheadRatio(results);
        Files.createDirectories(out);
        Path md = out.resolve("BENCHMARKS.md");
        Path json = out.resolve("benchmarks.json");
        new BenchReport(machine, scale, results).write(md, json);
        stdout.println("Wrote " + md + " and " + json);
        stdout.flush();
        return results.stream().anyMatch(r -> r.error() != null) ? 1 : 0;
    }

    private List<Scenario> choose() {
        if (scenarios.isEmpty()) {
            return ALL;
        }
        Map<String, Scenario> byName = new LinkedHashMap<>();
        ALL.forEach(s -> byName.put(s.name(), s));
        List<Scenario> chosen = new ArrayList<>();
        for (String name : scenarios) {
            Scenario s = byName.get(name.strip().toLowerCase(Locale.ROOT));
            if (s == null) {
                throw new InputException("Invalid value " + name + " for --scenario: must be one of " + String.join(", ", byName.keySet()));
            }
            chosen.add(s);
        }
        return chosen;
    }

    /** With both the overhead and the Kafka scenario in the run, the fleet's rate as a share of Kafka's. */
    private static void overheadRatio(List<ScenarioResult> results) {
        ScenarioResult fleet = results.stream().filter(r -> r.name().equals("overhead")).findFirst().orElse(null);
        ScenarioResult kafka = results.stream().filter(r -> r.name().equals("kafka")).findFirst().orElse(null);
        if (fleet != null && kafka != null && fleet.figures().get(OverheadScenario.RATE) instanceof Number f
                && kafka.figures().get(KafkaLimitScenario.RATE) instanceof Number k) {
            kafka.figure("fleet tasks/s (scenario 2) ÷ Kafka records/s", f.doubleValue() / k.doubleValue());
        }
    }
}
