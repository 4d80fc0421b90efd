package io.captchafleet.worker.pingback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import io.captchafleet.common.provider.ProviderProfile;
import io.captchafleet.common.provider.ProviderProfiles;
import io.captchafleet.sandbox.simulator.Faults;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.Pingbacks;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SimulatorStats;
import io.captchafleet.sandbox.simulator.SolverSimulator;
import io.captchafleet.worker.solver.LogCapture;
import io.captchafleet.worker.solver.SolveHandle;
import io.captchafleet.worker.solver.SolveResult;
import org.junit.jupiter.api.Test;

/**
 * The solver with callbacks on, against the simulator calling back over HTTP: callbacks complete tasks
 * without a single poll, a duplicate is applied once, a lost one is polled for after the grace, an error
 * code is only taken from our own poll, and the secret appears in no log line.
 */
class CallbackSolveTest {
    private static final Duration RUN = Duration.ofSeconds(60);
    private static final String APPLIED = "captcha.fleet.pingbacks.applied";

    private static SolverSimulator simulator(Pingbacks pingbacks, Faults faults) {
        return SolverSimulator.start(SimulatorSettings.builder().latency(Latency.uniform(Duration.ofMillis(100), Duration.ofMillis(400)))
                .pingbacks(pingbacks).faults(faults).seed(15).build());
    }

    private static ProviderProfile legacy(SolverSimulator sim) {
        return ProviderProfiles.byName("custom").withBaseUrl(sim.baseUrl());
    }

    @Test
    void deliveredCallbacksCompleteEveryTaskWithoutAPollAndTheSecretIsNeverLogged() {
        try (LogCapture logs = new LogCapture();
             SolverSimulator sim = simulator(Pingbacks.RELIABLE, Faults.none());
             CallbackRig rig = new CallbackRig(legacy(sim), Duration.ofSeconds(30), b -> b.firstPollDelay(Duration.ofMillis(300)))) {
            rig.solveAll("reliable", 200);
            await().atMost(RUN).until(() -> rig.done.size() == 200);

            SimulatorStats s = sim.stats();
            assertThat(rig.solved()).isEqualTo(200);
            assertThat(s.resultRequests()).as("no poll at all").isZero();
            // One submit per task; the balance, asked at most every 2 s while paying to learn what tasks cost, adds a few.
            assertThat(s.requestsPerSolvedTask()).isBetween(1.0, 1.02);
            assertThat(s.acceptedSubmits()).isEqualTo(200);
            assertThat(s.pingbacksDelivered()).isEqualTo(200);
            assertThat(rig.counter(APPLIED, "result", "solved")).isEqualTo(200);
            assertThat(rig.published).allSatisfy(r -> assertThat(r.code()).startsWith("SIMULATED."));
            assertThat(logs.lines()).noneMatch(line -> line.contains(CallbackRig.SECRET));
        }
    }

    @Test
    void aDuplicatedCallbackIsAppliedOnceAndALostOneIsPolledForAfterTheGrace() {
        Pingbacks unreliable = Pingbacks.RELIABLE.withDuplicateShare(0.5).withDropShare(0.1);
        try (SolverSimulator sim = simulator(unreliable, Faults.none());
             CallbackRig rig = new CallbackRig(legacy(sim), Duration.ofSeconds(1), b -> b.firstPollDelay(Duration.ofMillis(300))
                     .pollInterval(Duration.ofMillis(300)))) {
            rig.solveAll("lossy", 200);
            await().atMost(RUN).until(() -> rig.done.size() == 200);
            await().atMost(RUN).until(() -> sim.stats().pingbacksDelivered() + sim.stats().pingbacksFailed() == sim.stats().pingbacksSent());

            SimulatorStats s = sim.stats();
            assertThat(rig.done.values()).as("each task ends once").allSatisfy(results -> assertThat(results).hasSize(1));
            assertThat(rig.solved()).isEqualTo(200);
            assertThat(s.pingbacksDropped()).isPositive();
            assertThat(s.pingbacksDuplicated()).isPositive();
            assertThat(s.resultRequests()).as("the dropped ones were polled for").isPositive();
            assertThat(s.tasksBilledMoreThanOnce()).isZero();
            assertThat(rig.counter(APPLIED, "result", "solved")).as("no second copy applied; the dropped ones solved by a poll")
                    .isBetween(200.0 - s.pingbacksDropped(), 200.0);
        }
    }

    /**
     * A partition's new owner resumes its paid tasks from their {@code in_flight} outcomes; the provider calls back the
     * URL the task was submitted with, which reaches every worker (the pingbacks topic). So a resumed task waits for its
     * callback like one submitted here, instead of being polled at the first-poll delay.
     */
    @Test
    void aTaskResumedFromItsOutcomeWaitsForItsCallbackInsteadOfBeingPolled() {
        try (SolverSimulator sim = SolverSimulator.start(SimulatorSettings.builder()
                .latency(Latency.uniform(Duration.ofSeconds(1), Duration.ofSeconds(2))).seed(16).build());
             CallbackRig rig = new CallbackRig(legacy(sim), Duration.ofSeconds(30), b -> b.firstPollDelay(Duration.ofMillis(300)))) {
            List<SolveHandle> handles = rig.solveAll("moved", 20);
            await().atMost(RUN).until(() -> rig.paid.size() == 20);
            handles.forEach(SolveHandle::cancel); // the partition moved away
            rig.paid.values().forEach(p -> rig.solver.resume(p.request(), p.solverId(), p.submittedAt(), rig));
            await().atMost(RUN).until(() -> rig.solved() == 20);

            assertThat(sim.stats().resultRequests()).as("no poll: every resumed task was completed by its callback").isZero();
            assertThat(sim.stats().acceptedSubmits()).isEqualTo(20);
        }
    }

    @Test
    void anErrorInACallbackOnlyMakesTheTaskDueForAPollWhoseAnswerDecides() {
        try (SolverSimulator sim = simulator(Pingbacks.RELIABLE, Faults.parse("unsolvable=1"));
             CallbackRig rig = new CallbackRig(legacy(sim), Duration.ofSeconds(30), b -> b.firstPollDelay(Duration.ofMillis(300)))) {
            rig.solveAll("unsolvable", 20);
            await().atMost(RUN).until(() -> rig.done.size() == 20);

            assertThat(rig.done.values()).allSatisfy(results -> assertThat(((SolveResult.Failed) results.get(0)).error().code())
                    .isEqualTo("ERROR_CAPTCHA_UNSOLVABLE"));
            assertThat(rig.counter(APPLIED, "result", "poll_now")).isEqualTo(20);
            assertThat(sim.stats().idsPolled()).as("one poll each, long before the grace").isEqualTo(20);
        }
    }

    @Test
    void theJsonProtocolRegistersItsCallbackUrlAndCaptchaAisGetStyleWorksToo() {
        try (SolverSimulator sim = simulator(Pingbacks.RELIABLE, Faults.none());
             CallbackRig rig = new CallbackRig(ProviderProfiles.byName("capsolver").withBaseUrl(sim.baseUrl()), Duration.ofSeconds(30),
                     b -> b.firstPollDelay(Duration.ofMillis(300)))) {
            rig.solveAll("json", 20);
            await().atMost(RUN).until(() -> rig.solved() == 20);
            sim.setPingbacks(Pingbacks.RELIABLE.withStyle(Pingbacks.Style.GET));
            rig.solveAll("get", 20);
            await().atMost(RUN).until(() -> rig.solved() == 40);
            assertThat(sim.stats().resultRequests()).isZero();
        }
    }
}
