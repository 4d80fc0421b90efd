package io.captchafleet.worker.solver;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.captchafleet.worker.solver.LegacyContractTest.hcaptcha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.captchafleet.common.model.FleetEventType;
import io.captchafleet.worker.solver.SolveResult.Failed;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hole 4, at the solver: every request is stamped with the newest RESUME the process had seen when it
 * went out, on every path (submits, and the polls of resumed tasks). A fatal answer to a request sent
 * after the RESUME halts the fleet; one sent before it is stale and halts nothing.
 */
class FatalEpochTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static void submitsAreAcceptedAndPollsAnswer(String pollAnswer, int delayMs) {
        wm.stubFor(post(urlPathEqualTo("/in.php")).willReturn(okJson("{\"status\":1,\"request\":\"111\"}")));
        wm.stubFor(get(urlPathEqualTo("/res.php")).withQueryParam("action", equalTo("get"))
                .willReturn(okJson("{\"status\":0,\"request\":\"" + pollAnswer + "\"}").withFixedDelay(delayMs)));
    }

    @Test
    void aFatalAnswerToAPollSentAfterTheNewestResumeHaltsTheFleetAndNamesThatResume() {
        submitsAreAcceptedAndPollsAnswer("ERROR_KEY_DOES_NOT_EXIST", 0);
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl())) {
            s.halts.operatorHalt("maintenance");
            s.halts.resume(); // the newest RESUME is at offset 1

            Failed f = (Failed) s.solve("b/1", hcaptcha());

            assertThat(f.phase()).isEqualTo(io.captchafleet.common.errors.Phase.POLL);
            assertThat(s.halts.halt.halted()).isTrue();
            assertThat(s.halts.published).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo(FleetEventType.FATAL);
                assertThat(e.resumeOffset()).isEqualTo(1);
                assertThat(e.taskId()).isEqualTo("b/1");
            });
        }
    }

    @Test
    void aFatalAnswerToARequestSentBeforeANewerResumeIsStaleAndHaltsNothing() {
        submitsAreAcceptedAndPollsAnswer("ERROR_ZERO_BALANCE", 1500);
        try (WireMockSolver s = WireMockSolver.legacy(wm.baseUrl())) {
            s.start("b/1", hcaptcha());
            await().until(() -> wm.countRequestsMatching(com.github.tomakehurst.wiremock.client.WireMock
                    .getRequestedFor(urlPathEqualTo("/res.php")).build()).getCount() == 1);
            // While that poll is on the wire, an operator halts and resumes (after a refill, say).
            s.halts.operatorHalt("refill");
            s.halts.resume();

            s.listener.awaitResult("b/1");
            assertThat(s.halts.halt.halted()).isFalse();
            assertThat(s.halts.published).isEmpty();
        }
    }
}
