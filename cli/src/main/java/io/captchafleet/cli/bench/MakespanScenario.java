package io.captchafleet.cli.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.captchafleet.cli.fleet.JarLauncher;
import io.captchafleet.cli.fleet.TaskLines;
import io.captchafleet.sandbox.simulator.Faults;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;

/**
 * 9. The time a user waits for a whole batch: {@code captcha-fleet local} on a fresh state directory (embedded broker,
 * three workers, the built-in simulator with faults), from process start to exit, with the moments 50 %, 90 %, 99 % and
 * 100 % of the tasks had ended; beside it, in the same run, the seed script's naive thread pool (10 and 100 threads)
 * against the same simulated provider.
 */
final class MakespanScenario implements Scenario {
    static final String LATENCY = "uniform:3s-8s";
    static final String FAULTS = "no-slot=0.03,http-500=0.02,garbage=0.01,unsolvable=0.02";
    private static final int WORKERS = 3;
    private static final String BATCH = "makespan";

    @Override
    public String name() {
        return "makespan";
    }

    @Override
    public String title() {
        return "9. Makespan";
    }

    @Override
    public String measures() {
        return "The time a user waits for a whole batch: captcha-fleet local on a fresh state directory, from the "
                + "moment the process starts to its exit, with a provider that fails now and then; beside it the seed "
                + "script's thread pool on the same simulated provider.";
    }

    @Override
    public void run(BenchContext ctx, ScenarioResult r) throws Exception {
        int tasks = ctx.scaled(2_000, 100);
        r.parameter("tasks", tasks).parameter("fleet", "captcha-fleet local, " + WORKERS + " workers, fresh state directory, default"
                + " flags and JVM options").parameter("latency", LATENCY).parameter("faults (each request, drawn independently)", FAULTS)
                .parameter("baseline", "the seed script's ThreadPoolExecutor: N threads, submit, poll every 5 s, on an error sleep"
                        + " 5 × attempt s and submit again, 3 attempts");
        Path dir = ctx.workDir(name());
        Path file = TaskLines.write(dir.resolve(BATCH + ".jsonl"), BATCH, tasks);
        LocalRun.Result fleet = LocalRun.run(JarLauncher.locate(dir.resolve("logs")), dir, file, BATCH, WORKERS, LATENCY, FAULTS,
                Duration.ofMinutes(15));
        ctx.log("makespan: local exited with %d after %d ms", fleet.exitCode(), fleet.exitAfterMs());
        long solved = fleet.simulator().solved();
        double fleetRequests = solved == 0 ? Double.NaN : fleet.simulator().requestsTotal() / (double) solved;
        long paidTwice = fleet.simulator().tasksBilledAgainAfterSuccess();
        r.figure("fleet: exit code", fleet.exitCode()).figure("fleet: process start to exit s", fleet.exitAfterMs() / 1000.0)
                .figure("fleet: first paid submit after start s", fleet.firstPaidSubmitAfterMs() / 1000.0);
        for (double share : new double[] {0.5, 0.9, 0.99, 1.0}) {
            long at = fleet.endedShareAfterMs(share, tasks);
            r.figure(String.format(Locale.ROOT, "fleet: %.0f %% of tasks ended after s", share * 100), at < 0 ? "never" : at / 1000.0);
        }
        r.figure("fleet: tasks ended", fleet.endedAfterMs().size()).figure("fleet: solved", solved)
                .figure("fleet: failed", fleet.summary().path("failed").asLong())
                .figure("fleet: requests per solved task", fleetRequests).figure("fleet: paid submits", fleet.simulator().acceptedSubmits())
                .figure("fleet: tasks paid twice (billed again while a token was given or due)", paidTwice)
                .figure("fleet: ambiguous submits", fleet.ambiguousSubmits());

        List<NaiveBaseline.Result> baselines = baselines(tasks);
        for (NaiveBaseline.Result b : baselines) {
            String who = "baseline " + b.threads() + " threads: ";
            r.figure(who + "wall s", b.wallSeconds()).figure(who + "solved", b.solved()).figure(who + "failed", b.failed())
                    .figure(who + "requests per solved task", b.requestsPerSolvedTask())
                    .figure(who + "tasks paid twice", b.stats().tasksBilledAgainAfterSuccess());
        }
        NaiveBaseline.Result hundred = baselines.get(baselines.size() - 1);
        double fleetSeconds = fleet.exitAfterMs() / 1000.0;
        r.figure("speed-up over 100 threads (their wall ÷ fleet's start to exit)", hundred.wallSeconds() / fleetSeconds)
                .figure("requests per solved task, fleet ÷ 100 threads", fleetRequests / hundred.requestsPerSolvedTask());

        r.goal(Goal.atMost("process start to exit (s)", 35, fleetSeconds, "%.1f"));
        r.goal(Goal.atLeast("tasks ended", tasks, fleet.endedAfterMs().size(), "%.0f"));
        r.goal(Goal.atMost("requests per solved task", 1.25, fleetRequests, "%.3f"));
        r.goal(Goal.atMost("tasks paid twice beyond ambiguous submits", 0, Math.max(0, paidTwice - fleet.ambiguousSubmits()), "%.0f"));
        r.goal(Goal.atMost("first paid submit after start (s)", 4, fleet.firstPaidSubmitAfterMs() / 1000.0, "%.1f"));
        r.goal(Goal.atLeast("speed-up over the 100-thread baseline", 5, hundred.wallSeconds() / fleetSeconds, "%.1f"));
        r.goal(Goal.atMost("requests per solved task ÷ the 100-thread baseline's", 0.5, fleetRequests / hundred.requestsPerSolvedTask(),
                "%.3f"));
        r.note("The fleet's times run from the moment the bench starts the `local` process (its JVM start included) to its exit;"
                + " a task has ended when its first solved or failed outcome is on the results topic (that record's time stamp)."
                + " Requests, tasks paid twice and the first paid submit are the simulator's counts, read from the state directory"
                + " after the run. Faults hit every request, polls included; an ambiguous submit (a reply lost after the provider"
                + " billed it) is the one double payment no client can rule out, so it is counted apart.");
        r.note("The baseline runs in this JVM against its own simulator with the same latency and faults, both thread counts side"
                + " by side after the fleet's run (they sleep almost all the time, so they hardly compete). Its tasks paid twice"
                + " are the same count as the fleet's: a new submit while an earlier one could still deliver (a poll answered"
                + " HTTP 500 or garbage starts over with a new submit).");
    }

    /** The 10- and 100-thread baselines, run side by side, each on its own simulator. */
    private static List<NaiveBaseline.Result> baselines(int tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<NaiveBaseline.Result> ten = pool.submit(() -> NaiveBaseline.run(10, tasks, "naive10", simulator(91)));
            Future<NaiveBaseline.Result> hundred = pool.submit(() -> NaiveBaseline.run(100, tasks, "naive100", simulator(92)));
            return List.of(ten.get(), hundred.get());
        } finally {
            pool.shutdownNow();
        }
    }

    private static SimulatorSettings simulator(long seed) {
        return SimulatorSettings.builder().latency(Latency.parse(LATENCY)).faults(Faults.parse(FAULTS)).seed(seed).build();
    }
}
