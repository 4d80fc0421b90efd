package io.captchafleet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.captchafleet.cli.console.ConsoleLog;
import io.captchafleet.common.CaptchaFleetException;
import io.captchafleet.common.InputException;
import io.captchafleet.common.config.ExitCode;
import io.captchafleet.common.fleet.FleetState;
import io.captchafleet.common.topics.TopicCreator;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.producer.export.ExportSummary;
import io.captchafleet.producer.export.ResultsExporter;
import io.captchafleet.producer.export.ResultsOptions;
import io.captchafleet.producer.input.TaskFile;
import io.captchafleet.producer.kafka.KafkaClients;
import io.captchafleet.producer.ops.FleetControl;
import io.captchafleet.producer.ops.ReportVerdicts;
import io.captchafleet.producer.progress.Progress;
import io.captchafleet.producer.state.BatchTally;
import io.captchafleet.producer.state.FleetStates;
import io.captchafleet.producer.submit.CheckedFile;
import io.captchafleet.producer.submit.SubmitOptions;
import io.captchafleet.producer.submit.SubmitResult;
import io.captchafleet.producer.submit.Submitter;
import io.captchafleet.sandbox.broker.BrokerWarmUp;
import io.captchafleet.worker.WorkerProcess;
import io.captchafleet.worker.WorkerSettings;
import io.captchafleet.worker.solver.Pingback;
import io.captchafleet.worker.solver.SolverSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code captcha-fleet local FILE}: the whole job in one process — an embedded broker on the state
 * directory, the topics, N in-process workers sharing one solver client (the real API, or the simulator
 * when there is no key), the submit, a progress bar, and the results file. Killed at any moment and run
 * again with the same file and state directory, it continues where it stopped.
 */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Solve a task file on this machine: embedded Kafka broker, workers and (without --provider) the solver"
                + " simulator in one process. Run it again after a kill to continue; nothing solved is paid for again.")
final class LocalCommand implements Callable<Integer> {
    private static final Duration FOLLOW_POLL = Duration.ofMillis(200);
    /** The fleet's pingback secret in the state directory, made on first use of --pingback-url. */
    static final String PINGBACK_SECRET = "pingback.secret";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE|-", description = "The task file (JSON Lines, JSON array, CSV, or the seed"
            + " script's checkpoint file); - reads stdin (then --batch is required).")
    String file;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".captcha-fleet",
            description = "Where the embedded broker keeps the fleet's state, and the simulator its tasks; a run on the same"
                    + " directory continues (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "3", description = "In-process workers (default: ${DEFAULT-VALUE}).")
    int workerCount;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "results.jsonl",
            description = "Where the batch's results go, one latest outcome per task (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--resume", description = "Resume a halted fleet (after fixing the cause: refill, key) before running.")
    boolean resume;

    @Option(names = "--sim-latency", paramLabel = "SPEC", defaultValue = "uniform:1s-5s",
            description = "Simulator only: solve latency, fixed:2s, uniform:1s-5s or lognormal:mean=20s,sigma=0.5 (default: ${DEFAULT-VALUE}).")
    String simLatency;

    @Option(names = "--sim-faults", paramLabel = "SPEC", defaultValue = "",
            description = "Simulator only: injected faults, e.g. no-slot=0.05,unsolvable=0.03,http-500=0.03,garbage=0.02 (default: none).")
    String simFaults;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "-1",
            description = "Serve /metrics, /health and /ready on this port; 0 picks one; -1 none (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Mixin
    LayoutOptions names;

    @Mixin
    TopicOptions topics;

    @Mixin
    SubmitFlags submit;

    @Mixin
    SolverOptions solver;

    @Mixin
    WorkerOptions worker;

    @Mixin
    PingbackOptions pingbacks;

    @Option(names = "--pingback-port", paramLabel = "PORT",
            description = "With --pingback-url: the port on this machine the URL reaches; it serves the callbacks (and /metrics).")
    Integer pingbackPort;

    @Mixin
    ProgressOption progress;

    @Mixin
    JsonOutput json;

    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean interrupted;

    @Override
    public Integer call() throws Exception {
        Instant started = Instant.now();
        PrintWriter err = spec.commandLine().getErr();
        // Every check that needs no broker comes first: a refused run starts nothing, writes nothing to the
        // state directory and publishes nothing. The broker's classes are loaded meanwhile.
        BrokerWarmUp.begin();
        if (workerCount < 1) {
            throw new InputException("Invalid value " + workerCount + " for --workers: must be at least 1");
        }
        int httpPort = httpPort(pingbacks.url != null);
        TopicLayout layout = names.layout();
        // Every task is checked below before anything starts, so all or nothing is decided there; the batch is then
        // published in chunks that the workers of this process start on while the rest follows.
        SubmitOptions submitOptions = submit.inChunks(topics.settings());
        worker.check(layout);
        LocalSolver solving = LocalSolver.choose(solver, simLatency, simFaults, spec.commandLine().getParseResult(),
                EnvironmentDefaults.of(spec));
        checkOut();
        try (TaskFile tasks = TaskFile.open(file, System.in); Progress shown = progress.on(err, "tasks")) {
            CheckedFile checked = Submitter.check(tasks, submitOptions, shown);
            solving.notice().ifPresent(n -> Notice.print(err, n));
            Optional<Path> log = ConsoleLog.writeToFile(stateDir);
            return run(checked, shown, solving, layout, httpPort, log, started);
        }
    }

    /** The run itself, once everything is checked: broker, topics, submit, workers, the wait, the results. */
    private int run(CheckedFile checked, Progress shown, LocalSolver solving, TopicLayout layout, int httpPort, Optional<Path> log,
                    Instant started) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path dir = stateDir.toAbsolutePath();
        Thread hook = new Thread(this::interrupt, "local-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (LocalFleet fleet = LocalFleet.start(dir, worker.instanceId == null ? "local" : worker.instanceId,
                solving.simulatorSettings(dir))) {
            // After the start: the state directory exists now, and keeps the fleet's secret.
            Optional<Pingback> pingback = pingbacks.pingback(Optional.of(dir.resolve(PINGBACK_SECRET)));
            KafkaClients clients = KafkaClients.of(fleet.kafka());
            try (var admin = clients.admin()) {
                Coordinators warming = Coordinators.warm(admin, layout);
                new TopicCreator(admin).ensure(layout, topics.settings());
                warming.await();
            }
            // The workers join the group and read their partitions' results while the batch is published: they
            // start halted until their watcher has read the fleet state, so the halt check below still decides.
            SolverSettings solverSettings = solving.settings(fleet, pingback);
            WorkerSettings ws = worker.settings(fleet.kafka(), layout);
            if (worker.instanceId == null) {
                ws = ws.withInstanceId("local");
            }
            fleet.startWorkers(ws, workerCount, solverSettings, solverSettings.profile().classifier(),
                    io.captchafleet.worker.kafka.KafkaClients.real(), httpPort);
            checkHalt(clients, layout, dir, err);

            SubmitResult submitted = new Submitter(clients, layout).submit(checked, shown);
            shown.close();
            Notice.print(err, submitted.alreadySubmitted()
                    ? "Batch " + submitted.batch() + " was submitted before: continuing it."
                    : submitted.summary());
            WorkerProcess process = fleet.workers();

            Ending ending = follow(clients, layout, submitted, process, err);
            // A finished batch has every outcome committed, so its export need not wait for the workers to stop;
            // any other ending exports what the stopping workers leave recorded.
            Background<ExportSummary> export = ending.kind == Ending.Kind.DONE ? export(clients, layout, submitted.batch()) : null;
            fleet.stopWorkers();
            LocalSummary summary = LocalSummary.of(submitted, ending.tally, fleet.registry(), Duration.between(started, Instant.now()),
                    fleet.simulatorStats());
            ExportSummary exported = (export != null ? export : export(clients, layout, submitted.batch())).result();
            json.print(spec.commandLine().getOut(), () -> summary.toJson(out, exported.written(), log),
                    () -> summary.describe(out, exported.written(), log));
            return exitCode(ending, process, dir, err, submitted.batch());
        } finally {
            finished.countDown();
            Foreground.removeHook(hook);
        }
    }

    /** Writes the batch's results file on a thread of its own. */
    private Background<ExportSummary> export(KafkaClients clients, TopicLayout layout, String batch) {
        return Background.start("local-export", () -> {
            try {
                return ResultsCommand.exportToFile(new ResultsExporter(clients, layout), ResultsOptions.builder(batch).build(), out);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + out, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CaptchaFleetException("Interrupted while writing " + out, ExitCode.INTERRUPTED, e);
            }
        });
    }

    /** The results file must be writable at the end: its folder is checked now, before an hour of solving. */
    private void checkOut() {
        Path target = out.toAbsolutePath();
        Path folder = target.getParent();
        if (Files.isDirectory(target)) {
            throw new InputException("Invalid value " + out + " for --out: it is a folder; name a file");
        }
        if (folder == null || !Files.isDirectory(folder)) {
            throw new InputException("Invalid value " + out + " for --out: no such folder " + folder);
        }
        if (!Files.isWritable(folder)) {
            throw new InputException("Invalid value " + out + " for --out: cannot write in " + folder);
        }
    }

    /** The port of /metrics and, with callbacks on, of /pingback: one port serves both. */
    private int httpPort(boolean callbacks) {
        if (!callbacks) {
            if (pingbackPort != null) {
                throw new InputException("--pingback-port needs --pingback-url: callbacks are off without it");
            }
            return metricsPort;
        }
        if (pingbackPort == null && metricsPort < 0) {
            throw new InputException("--pingback-url needs --pingback-port PORT: the port on this machine"
                    + " that the URL reaches");
        }
        if (pingbackPort != null && metricsPort >= 0 && metricsPort != pingbackPort) {
            throw new InputException("Invalid value " + pingbackPort + " for --pingback-port: one port serves"
                    + " /metrics and the callbacks, and --metrics-port is " + metricsPort);
        }
        return pingbackPort != null ? pingbackPort : metricsPort;
    }

    /** How the wait for the batch ended. */
    private record Ending(Kind kind, BatchTally tally) {
        enum Kind { DONE, HALTED, CAPPED, INTERRUPTED }
    }

    /** Follows the batch on the results topic until it is done, the fleet halts (and settles), or Ctrl-C. */
    private Ending follow(KafkaClients clients, TopicLayout layout, SubmitResult submitted, WorkerProcess process,
                          PrintWriter err) {
        long total = submitted.total();
        int settledChecks = 0;
        int cappedChecks = 0;
        VerdictWait verdicts = new VerdictWait(new ReportVerdicts(clients, layout), submitted.batch());
        try (BatchFollower follower = new BatchFollower(clients, layout, submitted.batch());
             Progress bar = progress.on(err, "tasks")) {
            bar.begin("solving " + submitted.batch(), total);
            while (true) {
                follower.poll(FOLLOW_POLL);
                BatchTally tally = follower.tally();
                bar.update(tally.finished());
                // The batch's verdicts are reported before it ends, also when every task was finished before.
                if (tally.finished() >= total && verdicts.done(interrupted, err)) {
                    return new Ending(Ending.Kind.DONE, tally);
                }
                process.failure().ifPresent(f -> {
                    throw f instanceof CaptchaFleetException ? (CaptchaFleetException) f
                            : new CaptchaFleetException("A worker stopped: " + f.getMessage(), ExitCode.INTERNAL, f);
                });
                if (interrupted) {
                    return new Ending(Ending.Kind.INTERRUPTED, tally);
                }
                // Halted: wait until every paid task has been polled to its end and recorded, then stop.
                settledChecks = process.haltedByTheFleet() && process.unsettledWork() == 0 ? settledChecks + 1 : 0;
                if (settledChecks >= 3) {
                    return new Ending(Ending.Kind.HALTED, tally);
                }
                // At the spend cap: nothing of the batch may go, and everything paid is polled and recorded.
                cappedChecks = !process.halted() && tally.finished() < total && process.stoppedAtSpendCap(submitted.batch())
                        ? cappedChecks + 1 : 0;
                if (cappedChecks >= 5 && verdicts.done(interrupted, err)) {
                    return new Ending(Ending.Kind.CAPPED, tally);
                }
            }
        }
    }

    private int exitCode(Ending ending, WorkerProcess process, Path dir, PrintWriter err, String batch) {
        switch (ending.kind) {
            case HALTED:
                err.println(haltMessage(process.haltReason().orElse(process.fleetState().describe()), dir));
                err.flush();
                return ExitCode.HALTED.code();
            case INTERRUPTED:
                err.println("Interrupted: stopped cleanly. Run the same command again to continue.");
                err.flush();
                return ExitCode.INTERRUPTED.code();
            case CAPPED:
                err.println(capMessage(ending.tally, dir, batch));
                err.flush();
                return ExitCode.SPEND_CAP.code();
            default:
                return ending.tally.count(io.captchafleet.common.model.OutcomeStatus.FAILED) == 0
                        ? ExitCode.OK.code() : ExitCode.TASKS_FAILED.code();
        }
    }

    private String capMessage(BatchTally tally, Path dir, String batch) {
        String names = layoutFlags();
        String again = "captcha-fleet local " + file + (stateDir.toString().equals(".captcha-fleet") ? "" : " --state-dir " + dir) + names;
        return "Stopped at the batch's spend cap: " + (tally.count(io.captchafleet.common.model.OutcomeStatus.SOLVED)) + " solved, "
                + "spent " + tally.spent().toPlainString() + "; the rest wait, unpaid.\n"
                + "Raise it with: captcha-fleet cap --state-dir " + dir + names + " --batch " + batch + " --max-spend AMOUNT\n"
                + "then run the same command again to continue: " + again;
    }

    /** A halted fleet: resume it when asked to, else stop at once with the same message a halt ends with. */
    private void checkHalt(KafkaClients clients, TopicLayout layout, Path dir, PrintWriter err) {
        FleetState state = FleetStates.read(clients, layout);
        if (!state.halted()) {
            return;
        }
        if (!resume) {
            throw new CaptchaFleetException(haltMessage(state.describe(), dir), ExitCode.HALTED);
        }
        FleetControl.Change change = new FleetControl(clients, layout, "local").resume("local --resume");
        Notice.print(err, "Fleet resumed (it was " + change.before().describe() + ").");
    }

    /** The flags that name this fleet's topics when they are not the defaults, for the commands a message suggests. */
    private String layoutFlags() {
        return (this.names.topicPrefix.equals(TopicLayout.DEFAULT_PREFIX) ? "" : " --topic-prefix " + this.names.topicPrefix)
                + (this.names.retryTiers.equals(LayoutOptions.DEFAULT_TIERS) ? "" : " --retry-tiers " + this.names.retryTiers);
    }

    private String haltMessage(String haltedBy, Path dir) {
        String names = layoutFlags();
        String again = "captcha-fleet local " + file + (stateDir.toString().equals(".captcha-fleet") ? "" : " --state-dir " + dir)
                + names;
        return "The fleet is " + haltedBy + ".\n"
                + "Tasks already paid for were polled to their end and recorded; nothing is lost.\n"
                + "Fix the cause (refill the balance, or fix the key or the allowed IPs), then either:\n"
                + "  captcha-fleet resume --state-dir " + dir + names + "   and run again: " + again + "\n"
                + "  or in one step: " + again + " --resume";
    }

    /** Ctrl-C or SIGTERM: let the main thread stop the workers cleanly and write what is there. */
    private void interrupt() {
        interrupted = true;
        try {
            finished.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
