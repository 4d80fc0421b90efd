package io.captchafleet.cli;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;

import io.captchafleet.common.InputException;
import io.captchafleet.sandbox.simulator.Fault;
import io.captchafleet.sandbox.simulator.Faults;
import io.captchafleet.sandbox.simulator.InvalidSettingException;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.Pingbacks;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SolverSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code captcha-fleet simulator}: the solver simulator in the foreground until Ctrl-C or SIGTERM.
 * Options left out keep the simulator's own defaults (those of {@link SimulatorSettings}), so they
 * are defined in one place.
 */
@Command(name = "simulator", mixinStandardHelpOptions = true,
        description = "Run a solver API simulator (on loopback unless --host says otherwise): the legacy in.php/res.php protocol and the"
                + " createTask/getTaskResult JSON protocol, with simulated tokens, injected faults and billing counters"
                + " at /stats. Runs until Ctrl-C or SIGTERM; with --data-dir it remembers its tasks across restarts.")
final class SimulatorCommand implements Callable<Integer>, Service {
    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 in a container, so that workers in other containers reach it"
                    + " (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8123",
            description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--latency", paramLabel = "SPEC",
            description = "Solve time: fixed:2s, uniform:1s-5s or lognormal:mean=20s,sigma=0.5 (default: uniform:1s-5s).")
    String latency;

    @Option(names = "--fault-no-slot", paramLabel = "SHARE", description = "Share of submits answered ERROR_NO_SLOT_AVAILABLE (0 to 1).")
    Double faultNoSlot;

    @Option(names = "--fault-unsolvable", paramLabel = "SHARE", description = "Share of billed tasks ending ERROR_CAPTCHA_UNSOLVABLE.")
    Double faultUnsolvable;

    @Option(names = "--fault-http-500", paramLabel = "SHARE", description = "Share of requests answered HTTP 500 with HTML (submits not billed).")
    Double faultHttp500;

    @Option(names = "--fault-garbage", paramLabel = "SHARE", description = "Share of requests answered with a body that is not the API's.")
    Double faultGarbage;

    @Option(names = "--fault-slow", paramLabel = "SHARE", description = "Share of requests answered only after --slow-delay (submits billed).")
    Double faultSlow;

    @Option(names = "--fault-drop", paramLabel = "SHARE", description = "Share of requests whose connection is closed unanswered (submits billed).")
    Double faultDrop;

    @Option(names = "--slow-delay", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How late a slow answer comes (default: 40s).")
    Duration slowDelay;

    @Option(names = "--balance", paramLabel = "SUBMITS",
            description = "Billable submits before every submit answers ERROR_ZERO_BALANCE (default: unlimited).")
    Long balance;

    @Option(names = "--max-concurrent", paramLabel = "TASKS",
            description = "Tasks in progress at once before submits answer ERROR_NO_SLOT_AVAILABLE (default: no limit).")
    Integer maxConcurrent;

    @Option(names = "--key", paramLabel = "KEY",
            description = "The only API key accepted; others answer ERROR_WRONG_USER_KEY (default: any key).")
    String key;

    @Option(names = "--poll-budget", paramLabel = "REQUESTS",
            description = "Result requests per task id before it answers ERROR: 1005 (default: 20).")
    Integer pollBudget;

    @Option(names = "--submit-rate-limit", paramLabel = "SUBMITS",
            description = "Submits per 3 s before they answer MAX_USER_TURN (default: no limit).")
    Integer submitRateLimit;

    @Option(names = "--result-ttl", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a finished answer stays retrievable (default: forever).")
    Duration resultTtl;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of every random draw, for a repeatable run (default: random, logged).")
    Long seed;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep the tasks and counters in DIR, so that the simulator started again on it answers for every id it"
                    + " issued before (default: none, it forgets everything when it stops).")
    Path dataDir;

    @Option(names = "--pingback-drop", paramLabel = "SHARE", defaultValue = "0",
            description = "Share of callbacks never sent, to a submit that named a callback URL (loopback only) (default: ${DEFAULT-VALUE}).")
    double pingbackDrop;

    @Option(names = "--pingback-duplicate", paramLabel = "SHARE", defaultValue = "0",
            description = "Share of callbacks sent twice (default: ${DEFAULT-VALUE}).")
    double pingbackDuplicate;

    @Option(names = "--pingback-delay", paramLabel = "DURATION", defaultValue = "0s", converter = DurationConverter.class,
            description = "How long after the answer is ready a callback is sent (default: ${DEFAULT-VALUE}).")
    Duration pingbackDelay;

    @Option(names = "--pingback-style", paramLabel = "STYLE", defaultValue = "protocol",
            description = "protocol (a form POST for in.php, a JSON POST for createTask), form, json or get (default: ${DEFAULT-VALUE}).")
    String pingbackStyle;

    @Option(names = "--die-with-parent", hidden = true,
            description = "Stop when the parent process ends (for test and benchmark harnesses).")
    boolean dieWithParent;

    @Override
    public Integer call() throws InterruptedException {
        SolverSimulator simulator;
        try {
            simulator = SolverSimulator.start(settings());
        } catch (InvalidSettingException e) {
            // The settings' names are the flags' names without the dashes, but for the directory.
            String flag = e.setting().equals("state-dir") ? "data-dir" : e.setting();
            throw new InputException("Invalid value " + e.value() + " for --" + flag + ": " + e.reason(), e);
        } catch (UncheckedIOException e) {
            throw new InputException(e.getMessage(), e);
        }
        Foreground.runUntilStopped(spec, "simulator", simulator::close, dieWithParent,
                "Solver simulator listening at " + simulator.baseUrl() + " (tokens are simulated)",
                "Counters at " + simulator.baseUrl() + "stats. Stop it with Ctrl-C.");
        return 0;
    }

    private SimulatorSettings settings() {
        SimulatorSettings.Builder b = SimulatorSettings.builder().host(host).port(port);
        if (latency != null) {
            b.latency(Latency.parse(latency));
        }
        b.faults(faults());
        if (slowDelay != null) {
            b.slowDelay(slowDelay);
        }
        if (balance != null) {
            b.balance(balance);
        }
        if (maxConcurrent != null) {
            b.maxConcurrent(maxConcurrent);
        }
        if (key != null) {
            b.key(key);
        }
        if (pollBudget != null) {
            b.pollBudget(pollBudget);
        }
        if (submitRateLimit != null) {
            b.submitRateLimit(submitRateLimit);
        }
        if (resultTtl != null) {
            b.resultTtl(resultTtl);
        }
        if (seed != null) {
            b.seed(seed);
        }
        if (dataDir != null) {
            b.stateDir(dataDir);
        }
        b.pingbacks(new Pingbacks(pingbackDrop, pingbackDuplicate, pingbackDelay, Pingbacks.Style.parse(pingbackStyle)));
        return b.build();
    }

    private Faults faults() {
        Map<Fault, Double> given = new EnumMap<>(Fault.class);
        given.put(Fault.NO_SLOT, faultNoSlot);
        given.put(Fault.UNSOLVABLE, faultUnsolvable);
        given.put(Fault.HTTP_500, faultHttp500);
        given.put(Fault.GARBAGE, faultGarbage);
        given.put(Fault.SLOW, faultSlow);
        given.put(Fault.DROP, faultDrop);
        Faults faults = Faults.none();
        for (Map.Entry<Fault, Double> e : given.entrySet()) {
            if (e.getValue() != null) {
                faults = faults.with(e.getKey(), e.getValue());
            }
        }
        return faults;
    }
}
