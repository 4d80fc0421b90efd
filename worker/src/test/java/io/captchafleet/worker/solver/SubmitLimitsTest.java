package io.captchafleet.worker.solver;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.captchafleet.worker.solver.LegacyContractTest.hcaptcha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.captchafleet.worker.solver.SolveResult.Failed;
import io.captchafleet.worker.solver.SolveResult.NotSubmitted;
import io.captchafleet.worker.solver.SolveResult.Solved;
import io.captchafleet.worker.solver.internal.SolverEngine;
import io.micrometer.core.instrument.Gauge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The process-wide submit limits on a test clock: bans, AIMD, halts and the rate cap. */
class SubmitLimitsTest {
    /** Long enough to see that nothing happens, on the real clock the scheduler ticks on. */
    private static final Duration QUIET = Duration.ofMillis(300);

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static int submits() {
        return wm.findAll(postRequestedFor(urlPathEqualTo("/in.php"))).size();
    }

    private static void submitsAnswer(String code) {
        wm.stubFor(post(urlPathEqualTo("/in.php")).willReturn(okJson("{\"status\":0,\"request\":\"" + code + "\"}")));
    }

    private static void submitsAreAccepted() {
        wm.stubFor(post(urlPathEqualTo("/in.php")).willReturn(okJson("{\"status\":1,\"request\":\"111\"}")));
        wm.stubFor(get(urlPathEqualTo("/res.php")).withQueryParam("action", equalTo("get")).willReturn(okJson("{\"status\":1,\"request\":\"TOK\"}")));
        // Every submit here gets the same id: two of them due at once are asked for together.
        wm.stubFor(get(urlPathEqualTo("/res.php")).withQueryParam("ids", equalTo("111,111")).willReturn(okJson("{\"status\":1,\"request\":\"TOK|TOK\"}")));
    }

    private static void staysAt(int expectedSubmits) {
        await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> submits() == expectedSubmits);
    }

    @Test
    void maxUserTurnStopsEverySubmitForExactlyTenSeconds() {
        TestClock clock = new TestClock();
        Instant start = clock.instant();
        submitsAnswer("MAX_USER_TURN");
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl(), b -> b.clock(clock))) {
            SolverEngine engine = (SolverEngine) s.solver;
            assertThat(((Failed) s.solve("b/1", hcaptcha())).error().code()).isEqualTo("MAX_USER_TURN");
            assertThat(s.solver.gate().bannedUntil()).contains(start.plusSeconds(10));
            assertThat(s.solver.gate().isOpen()).isFalse();
            submitsAreAccepted();
            s.start("b/2", hcaptcha());
            s.start("b/3", hcaptcha());
            staysAt(1);
            assertThat(engine.nextSubmitAt()).contains(start.plusSeconds(10));

            clock.advance(Duration.ofSeconds(10).minusMillis(1));
            staysAt(1);
            assertThat(engine.nextSubmitAt()).contains(start.plusSeconds(10));

            clock.advance(Duration.ofMillis(1));
            assertThat(s.listener.awaitResult("b/2")).isInstanceOf(Solved.class);
            assertThat(s.listener.awaitResult("b/3")).isInstanceOf(Solved.class);
            assertThat(submits()).isEqualTo(3);
            assertThat(s.solver.gate().isOpen()).isTrue();
            assertThat(engine.nextSubmitAt()).contains(clock.instant());
        }
    }

    @Test
    void noSlotBurstsLowerTheConcurrencyLimitAndSuccessesRaiseItAgain() {
        TestClock clock = new TestClock();
        submitsAnswer("ERROR_NO_SLOT_AVAILABLE");
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl(), b -> b.clock(clock))) {
            Gauge gauge = s.registry.find("captcha.fleet.concurrency.limit").gauge();
            assertThat(gauge.value()).isEqualTo(8);
            int task = 0;
            for (int expected : List.of(4, 2, 1, 1)) {
                // One burst of answers lowers the limit once, however many of them push back.
                for (int i = 0; i < 8; i++) {
                    s.start("b/" + ++task, hcaptcha());
                }
                int upTo = task;
                await().until(() -> s.listener.done() == upTo);
                assertThat(s.solver.concurrencyLimit()).isEqualTo(expected);
                assertThat(gauge.value()).isEqualTo(expected);
                clock.advance(Duration.ofSeconds(1));
            }
            submitsAreAccepted();
            int successes = 0;
            int limit = 1;
            while (limit < 8) {
                s.solve("ok/" + successes, hcaptcha());
                successes++;
                int now = s.solver.concurrencyLimit();
                assertThat(now).isBetween(limit, limit + 1);
                limit = now;
            }
            // About +1 per `limit` successes: 1 + 2 + ... + 7.
            assertThat(successes).isEqualTo(28);
            s.solve("ok/more", hcaptcha());
            assertThat(s.solver.concurrencyLimit()).isEqualTo(8);
        }
    }

    @Test
    void aFatalAnswerClosesTheGateBeforeTheListenerHearsAndQueuedSubmitsEndNotSubmitted() {
        wm.stubFor(post(urlPathEqualTo("/in.php")).willReturn(okJson("{\"status\":0,\"request\":\"ERROR_ZERO_BALANCE\"}").withFixedDelay(200)));
        Map<String, Boolean> haltedWhenDone = new ConcurrentHashMap<>();
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl(), b -> b.maxConcurrentSubmits(1))) {
            SolveListener listener = new SolveListener() {
                @Override
                public void onPaid(SolveRequest request, String solverId, Instant submittedAt) {
                    s.listener.onPaid(request, solverId, submittedAt);
                }

                @Override
                public void onDone(SolveRequest request, SolveResult result) {
                    haltedWhenDone.put(request.taskId(), s.solver.gate().halted());
                    s.listener.onDone(request, result);
                }
            };
            for (int i = 1; i <= 5; i++) {
                s.solver.solve(SolveRequest.of("b/" + i, hcaptcha()), listener);
            }
            Failed fatal = (Failed) s.listener.awaitResult("b/1");
            assertThat(fatal.error().code()).isEqualTo("ERROR_ZERO_BALANCE");
            assertThat(haltedWhenDone.get("b/1")).as("gate halted before onDone").isTrue();
            for (int i = 2; i <= 5; i++) {
                assertThat(s.listener.awaitResult("b/" + i)).isEqualTo(new NotSubmitted("the fleet is halted by ERROR_ZERO_BALANCE (task b/1) from test-worker"));
            }
            // New solves while halted end at once, without a request.
            assertThat(s.solve("b/6", hcaptcha())).isEqualTo(new NotSubmitted("the fleet is halted by ERROR_ZERO_BALANCE (task b/1) from test-worker"));
            assertThat(submits()).isEqualTo(1);
            assertThat(s.registry.find("captcha.fleet.submit.gate.closed").gauge().value()).isEqualTo(1);

            s.halts.resume();
            submitsAreAccepted();
            assertThat(s.solve("b/7", hcaptcha())).isInstanceOf(Solved.class);
            assertThat(s.registry.find("captcha.fleet.submit.gate.closed").gauge().value()).isZero();
        }
    }

    @Test
    void anOperatorHaltStopsSubmitsButPaidTasksArePolledToTheEnd() {
        TestClock clock = new TestClock();
        submitsAreAccepted();
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl(), b -> b.clock(clock).firstPollDelay(Duration.ofSeconds(5)))) {
            s.start("b/paid", hcaptcha());
            await().until(() -> s.listener.events("b/paid").size() == 1);
            s.halts.operatorHalt("maintenance");
            assertThat(s.solve("b/new", hcaptcha())).isInstanceOf(NotSubmitted.class);
            clock.advance(Duration.ofSeconds(5));
            assertThat(s.listener.awaitResult("b/paid")).isInstanceOf(Solved.class);
            assertThat(submits()).isEqualTo(1);
        }
    }

    @Test
    void theSubmitRateCapHolds() {
        TestClock clock = new TestClock();
        Instant start = clock.instant();
        submitsAreAccepted();
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl(), b -> b.clock(clock).submitsPerSecond(10)
                .firstPollDelay(Duration.ofHours(1)))) {
            SolverEngine engine = (SolverEngine) s.solver;
            for (int i = 0; i < 30; i++) {
                s.start("b/" + i, hcaptcha());
            }
            staysAt(1);
            assertThat(engine.nextSubmitAt()).contains(start.plusMillis(100));
            for (int step = 1; step <= 10; step++) {
                clock.advance(Duration.ofMillis(100));
                int expected = 1 + step;
                await().until(() -> submits() >= expected);
                staysAt(expected);
            }
            // 11 in the first second of test-clock time: one from the full bucket, then ten at 10/s.
            assertThat(submits()).isEqualTo(11);
            assertThat(engine.nextSubmitAt()).contains(clock.instant().plusMillis(100));
        }
    }

    @Test
    void aCancelledQueuedSubmitIsNeverSent() {
        TestClock clock = new TestClock();
        submitsAreAccepted();
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl(), b -> b.clock(clock).submitsPerSecond(1)
                .firstPollDelay(Duration.ofHours(1)))) {
            s.start("b/1", hcaptcha());
            SolveHandle second = s.start("b/2", hcaptcha());
            staysAt(1);
            second.cancel();
            clock.advance(Duration.ofSeconds(5));
            staysAt(1);
            assertThat(s.listener.events("b/2")).isEmpty();
            assertThat(Optional.ofNullable(s.listener.result("b/2"))).isEmpty();
        }
    }
}
