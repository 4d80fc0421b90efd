package io.captchafleet.worker.solver;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Polls keep their cadence: the interval counts from when a poll was due, so a slow answer does not push
 * every later poll back by its round trip (an answer ready just after a poll would wait longer each time).
 */
class PollCadenceTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @Test
    void aSlowPollAnswerDoesNotDelayTheNextPoll() {
        int interval = 400;
        int answerDelay = 300;
        wm.stubFor(post(urlPathEqualTo("/in.php")).willReturn(okJson("{\"status\":1,\"request\":\"111\"}")));
        wm.stubFor(get(urlPathEqualTo("/res.php"))
                .willReturn(okJson("{\"status\":0,\"request\":\"CAPCHA_NOT_READY\"}").withFixedDelay(answerDelay)));
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl(), b -> b.pollInterval(Duration.ofMillis(interval))
                .pollBudget(40).attemptTimeout(Duration.ofMillis(3000)))) {
            s.solve("b/1", hcaptcha()); // never ready: fails with TIMEOUT after the attempt's 3 s
        }
        List<LoggedRequest> polls = wm.findAll(getRequestedFor(urlPathEqualTo("/res.php")));
        assertThat(polls).hasSizeGreaterThanOrEqualTo(5);
        long span = polls.get(4).getLoggedDate().getTime() - polls.get(0).getLoggedDate().getTime();
        // On cadence four gaps take 4 x 400 ms; slipping by each answer's 300 ms they would take 2800 ms.
        assertThat(span / 4.0).as("mean gap between polls (ms)").isBetween(interval - 50.0, interval + answerDelay / 2.0);
        for (int i = 1; i < polls.size(); i++) {
            long gap = polls.get(i).getLoggedDate().getTime() - polls.get(i - 1).getLoggedDate().getTime();
            assertThat(gap).as("gap before poll %d (ms): never much sooner than the interval", i).isGreaterThan(interval - 100L);
        }
    }
}
