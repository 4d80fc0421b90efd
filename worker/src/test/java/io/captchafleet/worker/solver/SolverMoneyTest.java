package io.captchafleet.worker.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import io.captchafleet.common.model.TaskKind;
import io.captchafleet.common.provider.ProviderProfile;
import io.captchafleet.common.provider.ProviderProfiles;
import io.captchafleet.sandbox.simulator.Faults;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.ReportCounts;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SolverSimulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** What each paid submit cost, from each source, against the solver simulator over HTTP. */
class SolverMoneyTest {
    private static final BigDecimal PRICE = new BigDecimal("0.0025");

    private static SolverSimulator simulator(String faults) {
        return SolverSimulator.start(SimulatorSettings.builder().latency(Latency.fixed(Duration.ofMillis(300))).price(PRICE)
                .faults(Faults.parse(faults)).seed(9).build());
    }

    private static Solver client(ProviderProfile profile, SimpleMeterRegistry registry, UnaryOperator<SolverSettings.Builder> tweak) {
        SolverSettings settings = tweak.apply(SolverSettings.builder(profile, ApiKey.of("sim-key"))
                .firstPollDelay(Duration.ofMillis(300)).pollInterval(Duration.ofMillis(200))).build();
        return Solvers.create(settings, registry, new Halts(settings.clock()).halt);
    }

    private static List<SolveResult> solve(Solver solver, int n) {
        RecordingListener listener = new RecordingListener();
        for (int i = 0; i < n; i++) {
            solver.solve(SolveRequest.of("m/" + i, WireMockSolver.task("{\"method\":\"userrecaptcha\",\"sitekey\":\"6Le-sim\","
                    + "\"pageurl\":\"https://money.example/" + i + "\"}")), listener);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> listener.done() == n);
        return List.copyOf(listener.results().values());
    }

    private static ProviderProfile custom(SolverSimulator sim, boolean multiId) {
        return ProviderProfiles.byName("custom").withBaseUrl(sim.baseUrl()).withMultiIdPolling(multiId);
    }

    @Test
    void get2GivesEachAnswersPriceWhereMultiIdPollingIsOff() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SolverSimulator sim = simulator(""); Solver solver = client(custom(sim, false), registry, b -> b.balanceInterval(Duration.ZERO))) {
            assertThat(solve(solver, 3)).allSatisfy(r -> assertThat(((SolveResult.Solved) r).cost())
                    .isEqualTo(new Cost(PRICE, Cost.API)));
            assertThat(solver.price(TaskKind.RECAPTCHA_V2)).hasValueSatisfying(c -> {
                assertThat(c.amount()).isEqualByComparingTo(PRICE);
                assertThat(c.source()).isEqualTo(Cost.API);
            });
            assertThat(registry.find("captcha.fleet.spend").tags("provider", "custom", "kind", "recaptcha_v2").counter().count())
                    .isEqualTo(0.0075, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void theJsonResultsCostIsTakenAsTheProviderSaysIt() {
        ProviderProfile antiCaptcha = ProviderProfiles.byName("anti-captcha");
        try (SolverSimulator sim = simulator("");
             Solver solver = client(antiCaptcha.withBaseUrl(sim.baseUrl()), new SimpleMeterRegistry(), b -> b.balanceInterval(Duration.ZERO))) {
            assertThat(solve(solver, 2)).allSatisfy(r -> assertThat(((SolveResult.Solved) r).cost()).isEqualTo(new Cost(PRICE, Cost.API)));
        }
    }

    @Test
    void withoutAPriceInTheAnswerTheBalanceDropIsSharedByTheSubmitsPaidInItsWindow() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SolverSimulator sim = simulator("");
             Solver solver = client(custom(sim, true), registry, b -> b.balanceInterval(Duration.ofMillis(100)))) {
            assertThat(solve(solver, 4)).allSatisfy(r -> {
                Cost cost = ((SolveResult.Solved) r).cost();
                assertThat(cost.source()).isEqualTo(Cost.BALANCE);
                assertThat(cost.amount()).isEqualByComparingTo(PRICE);
            });
            assertThat(solver.lastBalance()).hasValueSatisfying(b -> assertThat(b.amount()).isEqualByComparingTo("999999.99000"));
            assertThat(registry.find("captcha.fleet.balance").gauge().value()).isEqualTo(999999.99);
        }
    }

    @Test
    void anUnsolvableAnswerCostsWhatTheProfileSays() {
        try (SolverSimulator sim = simulator("unsolvable=1");
             Solver refunds = client(custom(sim, false), new SimpleMeterRegistry(), b -> b.balanceInterval(Duration.ZERO))) {
            assertThat(solve(refunds, 1)).singleElement().satisfies(r -> assertThat(((SolveResult.Failed) r).cost())
                    .isEqualTo(new Cost(BigDecimal.ZERO, Cost.REFUNDED)));
        }
        try (SolverSimulator sim = simulator("unsolvable=1");
             Solver charges = client(ProviderProfiles.byName("anti-captcha").withBaseUrl(sim.baseUrl()), new SimpleMeterRegistry(),
                     b -> b.balanceInterval(Duration.ZERO).price(new BigDecimal("0.002")))) {
            assertThat(solve(charges, 1)).singleElement().satisfies(r -> assertThat(((SolveResult.Failed) r).cost())
                    .isEqualTo(new Cost(new BigDecimal("0.002"), Cost.PRICE)));
        }
    }

    @Test
    void reportsReachTheSimulatorOncePerCall() {
        try (SolverSimulator sim = simulator("");
             Solver solver = client(custom(sim, false), new SimpleMeterRegistry(), b -> b.balanceInterval(Duration.ZERO))) {
            SolveResult.Solved solved = (SolveResult.Solved) solve(solver, 1).get(0);
            assertThat(solver.report(solved.solverId(), TaskKind.RECAPTCHA_V2, false).join()).isEqualTo("OK_REPORT_RECORDED");
            assertThat(solver.report("1234567890", TaskKind.RECAPTCHA_V2, true).join()).isEqualTo("ERROR_WRONG_CAPTCHA_ID");
            assertThat(sim.reports()).containsExactly(java.util.Map.entry(solved.solverId(), new ReportCounts(1, 0)));
        }
    }
}
