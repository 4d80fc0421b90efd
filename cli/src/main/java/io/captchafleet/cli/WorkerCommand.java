package io.captchafleet.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.captchafleet.common.CaptchaFleetException;
import io.captchafleet.common.InputException;
import io.captchafleet.common.config.ExitCode;
import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.common.metrics.MetricsSetup;
import io.captchafleet.common.provider.ProviderProfile;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.worker.WorkerProcess;
import io.captchafleet.worker.WorkerSettings;
import io.captchafleet.worker.kafka.KafkaClients;
import io.captchafleet.worker.solver.Pingback;
import io.captchafleet.worker.solver.SolverSettings;
import io.micrometer.core.instrument.Tag;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code captcha-fleet worker}: one worker of the fleet, until SIGTERM. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run one worker: consume tasks, solve them through the solver API, publish outcomes."
                + " Scale by running more (each with its own --instance-id). SIGTERM stops it cleanly.")
final class WorkerCommand implements Callable<Integer>, Service {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    SolverOptions solver;

    @Mixin
    WorkerOptions worker;

    @Mixin
    PingbackOptions pingbacks;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "9404",
            description = "Port of /metrics, /health and /ready; -1 for none (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = "0.0.0.0",
            description = "Address the metrics port listens on (default: ${DEFAULT-VALUE}).")
    String metricsHost;

    @Option(names = "--die-with-parent", hidden = true, description = "Stop when the parent process ends (test harnesses).")
    boolean dieWithParent;

    @Override
    public Integer call() throws InterruptedException {
        // Every flag is checked before anything connects anywhere.
        TopicLayout layout = kafka.layout();
        ProviderProfile profile = solver.profile();
        Optional<Pingback> pingback = pingbacks.pingback(Optional.empty());
        if (pingback.isPresent() && metricsPort < 0) {
            throw new InputException("--pingback-url needs the HTTP port that serves the callbacks: --metrics-port must not be -1");
        }
        SolverSettings solverSettings = solver.settings(profile, solver.apiKey(EnvironmentDefaults.of(spec)), pingback);
        try (KafkaConnection cluster = kafka.connect()) {
            KafkaSettings settings = cluster.settings();
            WorkerSettings ws = worker.settings(settings, layout);
            TopicCheck.requireTopics(settings, layout, pingback.isPresent());
            PrometheusMeterRegistry registry = MetricsSetup.prometheus(List.of(Tag.of("instance", ws.instanceId())));
            WorkerProcess process = WorkerProcess.start(new WorkerProcess.Options(ws, 1, solverSettings, profile.classifier(),
                    KafkaClients.real(), registry, metricsHost, metricsPort, Clock.systemUTC()));
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                process.close();
                stopped.countDown();
            }, "worker-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            if (dieWithParent) {
                ParentWatch.exitWhenParentEnds();
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("Worker " + ws.instanceId() + " running against " + settings.bootstrapServers() + " with provider "
                    + profile.name() + pingback.map(p -> " (provider callbacks on)").orElse("")
                    + process.statusPort().map(p -> "; metrics on port " + p).orElse(""));
            out.flush();
            while (!stopped.await(500, TimeUnit.MILLISECONDS)) {
                if (process.failure().isPresent()) {
                    Throwable f = process.failure().get();
                    Runtime.getRuntime().removeShutdownHook(hook);
                    process.close();
                    if (f instanceof CaptchaFleetException) {
                        throw (CaptchaFleetException) f;
                    }
                    throw new CaptchaFleetException("Worker stopped: " + f.getMessage(), ExitCode.INTERNAL, f);
                }
            }
        }
        return 0;
    }
}
