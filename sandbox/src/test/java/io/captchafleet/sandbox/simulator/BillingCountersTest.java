package io.captchafleet.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BillingCountersTest {
    private final ManualClock clock = new ManualClock();
    private SolverSimulator simulator;
    private ApiClient api;

    private void start(SimulatorSettings.Builder settings) {
        simulator = SolverSimulator.start(settings.clock(clock).latency(Latency.fixed(Duration.ofSeconds(10))).seed(13).build());
        api = new ApiClient(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void submittingASolvedTaskTwiceMoreCountsOneTaskBilledAgainAfterSuccess() {
        start(SimulatorSettings.builder());
        String id = api.submitRecaptchaId("https://example.com/twice");
        clock.advance(Duration.ofSeconds(10));
        assertThat(api.poll(id).path("status").asInt()).isEqualTo(1);

        api.submitRecaptchaId("https://example.com/twice");
        api.submitRecaptchaId("https://example.com/twice");

        SimulatorStats stats = simulator.stats();
        assertThat(stats.acceptedSubmits()).isEqualTo(3);
        assertThat(stats.tasksSeen()).isEqualTo(1);
        assertThat(stats.tasksBilledMoreThanOnce()).isEqualTo(1);
        assertThat(stats.tasksBilledAgainAfterSuccess()).isEqualTo(1);
        assertThat(stats.solved()).isEqualTo(1);
        TaskStats task = simulator.taskStats().get("https://example.com/twice");
        assertThat(task.billedSubmits()).isEqualTo(3);
        assertThat(task.billedAgainAfterSuccess()).isEqualTo(2);
        assertThat(task.tokensGiven()).isEqualTo(1);
        assertThat(task.solverIds()).hasSize(3).startsWith(id);
    }

    @Test
    void submittingAgainAfterAnUnsolvableAnswerIsLegitimate() {
        start(SimulatorSettings.builder().faults(Faults.none().with(Fault.UNSOLVABLE, 1.0)));
        String id = api.submitRecaptchaId("https://example.com/retry");
        clock.advance(Duration.ofSeconds(10));
        assertThat(api.poll(id).path("request").asText()).isEqualTo("ERROR_CAPTCHA_UNSOLVABLE");

        simulator.setFaults(Faults.none());
        String again = api.submitRecaptchaId("https://example.com/retry");
        clock.advance(Duration.ofSeconds(10));
        assertThat(api.poll(again).path("status").asInt()).isEqualTo(1);

        SimulatorStats stats = simulator.stats();
        assertThat(stats.tasksBilledMoreThanOnce()).isEqualTo(1);
        assertThat(stats.tasksBilledAgainAfterSuccess()).isZero();
        assertThat(stats.unsolvableAnswers()).isEqualTo(1);
        assertThat(stats.solved()).isEqualTo(1);
    }

    @Test
    void submittingAgainWhileTheFirstIsInProgressOrUnpolledCounts() {
        start(SimulatorSettings.builder());
        api.submitRecaptchaId("https://example.com/in-progress");
        api.submitRecaptchaId("https://example.com/in-progress");

        api.submitRecaptchaId("https://example.com/unpolled");
        clock.advance(Duration.ofSeconds(10));
        // Solved, never polled, not expired: polling it is what a correct client does.
        api.submitRecaptchaId("https://example.com/unpolled");

        assertThat(simulator.stats().tasksBilledAgainAfterSuccess()).isEqualTo(2);
    }

    @Test
    void submittingAgainAfterTheUnpolledAnswerExpiredIsLegitimate() {
        start(SimulatorSettings.builder().resultTtl(Duration.ofMinutes(1)));
        String id = api.submitRecaptchaId("https://example.com/expired");
        clock.advance(Duration.ofSeconds(70));
        assertThat(api.poll(id).path("request").asText()).isEqualTo("ERROR_NO_SUCH_CAPCHA_ID");
        api.submitRecaptchaId("https://example.com/expired");

        assertThat(simulator.stats().tasksBilledMoreThanOnce()).isEqualTo(1);
        assertThat(simulator.stats().tasksBilledAgainAfterSuccess()).isZero();
    }

    @Test
    void statsOverHttpAreTheSameAsTheRecordAndSnakeCase() {
        start(SimulatorSettings.builder().balance(10));
        String id = api.submitRecaptchaId("https://example.com/stats");
        clock.advance(Duration.ofSeconds(10));
        api.poll(id);

        SimulatorStats overHttp = api.statsOverHttp();
        // /stats is itself no API request, so nothing moved between the two reads.
        assertThat(overHttp).isEqualTo(simulator.stats());
        assertThat(overHttp.requestsTotal()).isEqualTo(2);
        assertThat(overHttp.requestsPerSolvedTask()).isEqualTo(2.0);
        assertThat(overHttp.firstSubmitAt()).isEqualTo(clock.millis() - 10_000);
        assertThat(ApiClient.json(api.get("stats")).fieldNames()).toIterable().containsExactly(
                "accepted_submits", "rejected_submits", "tasks_seen", "tasks_billed_more_than_once",
                "tasks_billed_again_after_success", "result_requests", "ids_polled", "solved", "unsolvable_answers",
                "requests_total", "requests_per_solved_task", "poll_budget_violations", "slow_submit_replies",
                "dropped_submit_replies", "faults_injected", "balance_remaining", "first_submit_at", "last_submit_at", "pingbacks_sent",
                "pingbacks_delivered", "pingbacks_dropped", "pingbacks_duplicated", "pingbacks_failed", "pingbacks_refused", "bad_reports",
                "good_reports");
        assertThat(ApiClient.json(api.get("stats/tasks")).path("https://example.com/stats").path("tokens_given").asLong()).isEqualTo(1);
    }

    @Test
    void freshSimulatorHasNullsWhereNothingHappenedYet() {
        start(SimulatorSettings.builder());
        assertThat(api.get("stats").body()).contains("\"requests_per_solved_task\":null", "\"balance_remaining\":null",
                "\"first_submit_at\":null", "\"faults_injected\":{\"no-slot\":0,\"unsolvable\":0,\"http-500\":0,\"garbage\":0,\"slow\":0,\"drop\":0}");
    }

    @Test
    void concurrentSubmitsOfOneTaskAreCountedExactly() {
        start(SimulatorSettings.builder().balance(50));
        List<CompletableFuture<String>> submits = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            submits.add(CompletableFuture.supplyAsync(() -> api.submitRecaptcha("https://example.com/race", false).body()));
        }
        long accepted = submits.stream().map(CompletableFuture::join).filter(b -> b.startsWith("OK|")).count();

        assertThat(accepted).isEqualTo(50);
        SimulatorStats stats = simulator.stats();
        assertThat(stats.acceptedSubmits()).isEqualTo(50);
        assertThat(stats.rejectedSubmits()).isEqualTo(30);
        assertThat(stats.balanceRemaining()).isZero();
        assertThat(stats.tasksSeen()).isEqualTo(1);
        assertThat(stats.tasksBilledMoreThanOnce()).isEqualTo(1);
        assertThat(stats.tasksBilledAgainAfterSuccess()).isEqualTo(1);
        assertThat(simulator.taskStats().get("https://example.com/race").billedAgainAfterSuccess()).isEqualTo(49);
    }
}
