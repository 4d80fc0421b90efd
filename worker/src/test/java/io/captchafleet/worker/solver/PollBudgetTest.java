package io.captchafleet.worker.solver;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.captchafleet.worker.solver.LegacyContractTest.hcaptcha;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.captchafleet.common.errors.ErrorAction;
import io.captchafleet.common.errors.ErrorCategory;
import io.captchafleet.worker.solver.SolveResult.Failed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A task that never gets ready: the poll budget holds and lasts until the per-attempt time-out. */
class PollBudgetTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @Test
    void theBudgetIsNeverExceededAndIsSpreadUntilTheAttemptTimesOut() {
        wm.stubFor(post(urlPathEqualTo("/in.php")).willReturn(okJson("{\"status\":1,\"request\":\"111\"}")));
        wm.stubFor(get(urlPathEqualTo("/res.php")).willReturn(okJson("{\"status\":0,\"request\":\"CAPCHA_NOT_READY\"}")));
        Duration attempt = Duration.ofMillis(1500);
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl(), b -> b.pollBudget(4).attemptTimeout(attempt))) {
            long start = System.nanoTime();
            Failed f = (Failed) s.solve("b/1", hcaptcha());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(f.error().code()).isEqualTo("TIMEOUT");
            assertThat(f.error().category()).isEqualTo(ErrorCategory.TASK);
            assertThat(f.error().action()).isEqualTo(ErrorAction.RETRY_ONCE);
            assertThat(f.paid()).isTrue();
            assertThat(f.detail()).matches("no answer within 1500ms after [34] polls");
            // At the interval (50 ms) the four polls would be gone in 150 ms: spread, they last to the time-out.
            assertThat(took).isGreaterThanOrEqualTo(attempt.minusMillis(100));
        }
        List<LoggedRequest> polls = wm.findAll(getRequestedFor(urlPathEqualTo("/res.php")));
        assertThat(polls).hasSizeBetween(3, 4);
        long secondHalfGap = polls.get(2).getLoggedDate().getTime() - polls.get(1).getLoggedDate().getTime();
        assertThat(secondHalfGap).as("after half the budget the polls are spread out").isGreaterThan(300);
    }
}
