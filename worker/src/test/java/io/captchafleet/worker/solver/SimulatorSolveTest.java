package io.captchafleet.worker.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.captchafleet.common.provider.ProviderProfile;
import io.captchafleet.common.provider.ProviderProfiles;
import io.captchafleet.sandbox.simulator.Fault;
import io.captchafleet.sandbox.simulator.Faults;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SimulatorStats;
import io.captchafleet.sandbox.simulator.SolverSimulator;
import io.captchafleet.sandbox.simulator.TaskStats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * One client against the solver simulator (an independent implementation of the legacy protocol):
 * 1,000 tasks at 0.2–1 s latency. Prints the measured figures.
 */
class SimulatorSolveTest {
    private static final int TASKS = 1000;
    private static final Duration RUN = Duration.ofMinutes(2);

    private static SimulatorSettings.Builder simulator() {
        return SimulatorSettings.builder().latency(Latency.uniform(Duration.ofMillis(200), Duration.ofSeconds(1))).seed(42);
    }

    /** A client for the {@code custom} profile at the simulator, polling first after 1 s, then every second. */
    private static Solver client(SolverSimulator sim, boolean multiId, SimpleMeterRegistry registry, UnaryOperator<SolverSettings.Builder> tweak) {
        ProviderProfile profile = ProviderProfiles.byName("custom").withBaseUrl(sim.baseUrl()).withMultiIdPolling(multiId);
        SolverSettings.Builder b = SolverSettings.builder(profile, ApiKey.of("sim-key"))
                .firstPollDelay(Duration.ofSeconds(1))
                .pollInterval(Duration.ofSeconds(1));
        SolverSettings settings = tweak.apply(b).build();
        return Solvers.create(settings, registry, new Halts(settings.clock()).halt);
    }

    private static RecordingListener solveAll(Solver solver, int tasks) {
        RecordingListener listener = new RecordingListener();
        for (int i = 0; i < tasks; i++) {
            solver.solve(SolveRequest.of("sim/" + i, WireMockSolver.task(
                    "{\"method\":\"userrecaptcha\",\"sitekey\":\"6Le-sim\",\"pageurl\":\"https://site.example/" + i + "\"}")), listener);
        }
        await().atMost(RUN).until(() -> listener.done() == tasks);
        return listener;
    }

    private static long solvedCount(RecordingListener listener) {
        return listener.results().values().stream().filter(r -> r instanceof SolveResult.Solved).count();
    }

    private static int mostPollsOfOneTask(SolverSimulator sim) {
        return sim.taskStats().values().stream().mapToInt(t -> (int) t.polls()).max().orElse(0);
    }

    private static void print(String run, SolverSimulator sim) {
        SimulatorStats s = sim.stats();
        System.out.printf("%s: solved=%d requests_total=%d requests_per_solved_task=%.3f result_requests=%d ids_polled=%d "
                        + "most_polls_of_one_task=%d poll_budget_violations=%d accepted_submits=%d tasks_billed_more_than_once=%d faults=%s%n",
                run, s.solved(), s.requestsTotal(), s.requestsPerSolvedTask(), s.resultRequests(), s.idsPolled(), mostPollsOfOneTask(sim),
                s.pollBudgetViolations(), s.acceptedSubmits(), s.tasksBilledMoreThanOnce(), s.faultsInjected());
    }

    @Test
    void multiIdPollingCostsAtMostOnePointTwoRequestsPerSolvedTask() {
        try (SolverSimulator sim = SolverSimulator.start(simulator().build());
             Solver solver = client(sim, true, new SimpleMeterRegistry(), b -> b)) {
            RecordingListener listener = solveAll(solver, TASKS);
            print("multi-id", sim);
            assertThat(solvedCount(listener)).isEqualTo(TASKS);
            SimulatorStats stats = sim.stats();
            assertThat(stats.solved()).isEqualTo(TASKS);
            assertThat(stats.requestsPerSolvedTask()).isLessThanOrEqualTo(1.2);
            assertThat(stats.tasksBilledMoreThanOnce()).isZero();
        }
    }

    @Test
    void singleIdPollingStaysInsideThePollBudget() {
        try (SolverSimulator sim = SolverSimulator.start(simulator().build());
             Solver solver = client(sim, false, new SimpleMeterRegistry(), b -> b)) {
            RecordingListener listener = solveAll(solver, TASKS);
            print("single-id", sim);
            assertThat(solvedCount(listener)).isEqualTo(TASKS);
            assertThat(sim.stats().pollBudgetViolations()).isZero();
            assertThat(mostPollsOfOneTask(sim)).isLessThanOrEqualTo(20);
            assertThat(sim.stats().tasksBilledMoreThanOnce()).isZero();
        }
    }

    @Test
    void aTightPollBudgetIsSpreadOverTheAttemptInsteadOfBeingSpentEarly() {
        // Polling every 100 ms from 100 ms on, a 1 s task would cost 10 polls; the budget is 6.
        try (SolverSimulator sim = SolverSimulator.start(simulator().pollBudget(6).build());
             Solver solver = client(sim, false, new SimpleMeterRegistry(), b -> b.firstPollDelay(Duration.ofMillis(100))
                     .pollInterval(Duration.ofMillis(100)).pollBudget(6).attemptTimeout(Duration.ofSeconds(3)))) {
            RecordingListener listener = solveAll(solver, 300);
            print("single-id, budget 6, 100 ms interval", sim);
            assertThat(solvedCount(listener)).isEqualTo(300);
            assertThat(sim.stats().pollBudgetViolations()).isZero();
            assertThat(mostPollsOfOneTask(sim)).isLessThanOrEqualTo(6);
        }
    }

    @Test
    void garbageAndServerErrorsOnPollsNeverCauseASecondSubmit() {
        try (SolverSimulator sim = SolverSimulator.start(simulator().build());
             // Single-id polls: one request per id, so the shares hit about a hundred of them.
             Solver solver = client(sim, false, new SimpleMeterRegistry(), b -> b.pollInterval(Duration.ofMillis(500)))) {
            RecordingListener listener = new RecordingListener();
            for (int i = 0; i < TASKS; i++) {
                solver.solve(SolveRequest.of("sim/" + i, WireMockSolver.task(
                        "{\"method\":\"hcaptcha\",\"sitekey\":\"h-sim\",\"pageurl\":\"https://faults.example/" + i + "\"}")), listener);
            }
            // Faults on polls only: every submit is paid before they start.
            await().atMost(RUN).until(() -> listener.events().stream().filter(e -> e.kind().equals("paid")).count() == TASKS);
            sim.setFaults(Faults.of(Map.of(Fault.GARBAGE, 0.05, Fault.HTTP_500, 0.05)));
            await().atMost(RUN).until(() -> listener.done() == TASKS);
            print("5% garbage + 5% HTTP 500 on polls", sim);
            SimulatorStats stats = sim.stats();
            assertThat(stats.faultsInjected(Fault.GARBAGE)).isPositive();
            assertThat(stats.faultsInjected(Fault.HTTP_500)).isPositive();
            assertThat(solvedCount(listener)).isEqualTo(TASKS);
            assertThat(stats.acceptedSubmits()).isEqualTo(TASKS);
            assertThat(stats.tasksBilledMoreThanOnce()).isZero();
            assertThat(stats.pollBudgetViolations()).isZero();
        }
    }

    @Test
    void submitsWhoseReplyNeverCameAreFailedAsAmbiguousAndCounted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SolverSimulator sim = SolverSimulator.start(simulator().slowDelay(Duration.ofSeconds(2))
                .faults(Faults.of(Map.of(Fault.SLOW, 0.05, Fault.DROP, 0.05))).build());
             Solver solver = client(sim, true, registry, b -> b.submitTimeout(Duration.ofMillis(500)).pollRequestTimeout(Duration.ofMillis(500)))) {
            RecordingListener listener = solveAll(solver, 300);
            SimulatorStats stats = sim.stats();
            long ambiguous = listener.results().values().stream()
                    .filter(r -> r instanceof SolveResult.Failed && ((SolveResult.Failed) r).ambiguous()).count();
            print("5% slow + 5% dropped replies", sim);
            System.out.printf("ambiguous submits: %d (simulator: %d slow + %d dropped submit replies)%n",
                    ambiguous, stats.slowSubmitReplies(), stats.droppedSubmitReplies());
            assertThat(ambiguous).isPositive().isEqualTo(stats.slowSubmitReplies() + stats.droppedSubmitReplies());
            assertThat(registry.find("captcha.fleet.ambiguous.submits").counter().count()).isEqualTo(ambiguous);
            assertThat(solvedCount(listener) + ambiguous).isEqualTo(300);
        }
    }

    @Test
    void theJsonProtocolSolvesAgainstTheSimulatorToo() {
        ProviderProfile capsolver = ProviderProfiles.byName("capsolver");
        try (SolverSimulator sim = SolverSimulator.start(simulator().build());
             Solver solver = Solvers.create(SolverSettings.builder(capsolver.withBaseUrl(sim.baseUrl()), ApiKey.of("sim-key"))
                     .submitsPerSecond(0).firstPollDelay(Duration.ofSeconds(1)).pollInterval(Duration.ofSeconds(1)).build(),
                     new SimpleMeterRegistry(), new Halts(java.time.Clock.systemUTC()).halt)) {
            RecordingListener listener = solveAll(solver, 200);
            print("JSON protocol", sim);
            assertThat(solvedCount(listener)).isEqualTo(200);
            assertThat(sim.stats().tasksBilledMoreThanOnce()).isZero();
            assertThat(solver.balance().join()).isNotNull();
        }
    }

    @Test
    void noSlotBurstsLowerTheConcurrencyLimitAndItRecovers() {
        try (SolverSimulator sim = SolverSimulator.start(simulator().faults(Faults.of(Map.of(Fault.NO_SLOT, 1.0))).build());
             Solver solver = client(sim, true, new SimpleMeterRegistry(), b -> b)) {
            RecordingListener refused = new RecordingListener();
            for (int i = 0; i < 16; i++) {
                solver.solve(SolveRequest.of("slot/" + i, WireMockSolver.task(
                        "{\"method\":\"hcaptcha\",\"sitekey\":\"h\",\"pageurl\":\"https://slot.example/" + i + "\"}")), refused);
            }
            await().atMost(RUN).until(() -> refused.done() == 16);
            int lowered = solver.concurrencyLimit();
            sim.setFaults(Faults.none());
            solveAll(solver, 200);
            System.out.printf("no-slot burst: limit 8 -> %d, after 200 accepted submits -> %d%n", lowered, solver.concurrencyLimit());
            assertThat(lowered).isLessThanOrEqualTo(4);
            assertThat(solver.concurrencyLimit()).isEqualTo(8);
            assertThat(sim.taskStats().values()).allSatisfy((TaskStats t) -> assertThat(t.billedSubmits()).isLessThanOrEqualTo(1));
        }
    }
}
