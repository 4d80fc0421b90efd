package io.captchafleet.worker.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.captchafleet.common.errors.ErrorClassifier;
import io.captchafleet.common.errors.Phase;
import io.captchafleet.common.errors.TransportFailure;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.topics.RetryTier;
import org.junit.jupiter.api.Test;

class RetryRouterTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private final ErrorClassifier classifier = ErrorClassifier.standard();
    private final RetryRouter router = new RetryRouter(new RetryPolicy(6, 3, RetryTier.DEFAULTS), classifier);

    private static TaskRecord attempt(int n, String lastError) {
        return new TaskRecord("b/1", "b", 0, 1, n, Json.object(), 0, lastError, 0, null, null, null);
    }

    @Test
    void transientSubmitErrorsTravelThroughTheTiersWithTheirOwnWaitWhenLonger() {
        NextStep step = router.route(attempt(1, null), classifier.classify("ERROR_NO_SLOT_AVAILABLE", Phase.SUBMIT), 0, null, NOW);
        assertThat(step).isInstanceOf(NextStep.RetryLater.class);
        NextStep.RetryLater r = (NextStep.RetryLater) step;
        assertThat(r.tier().name()).isEqualTo("5s");
        assertThat(r.next().attempt()).isEqualTo(2);
        assertThat(r.next().notBefore()).isEqualTo(NOW.toEpochMilli() + 5_000);
        assertThat(r.next().lastError()).isEqualTo("ERROR_NO_SLOT_AVAILABLE");

        NextStep third = router.route(attempt(3, "ERROR_NO_SLOT_AVAILABLE"),
                classifier.classify("MAX_USER_TURN", Phase.SUBMIT), 0, null, NOW);
        assertThat(((NextStep.RetryLater) third).tier().name()).isEqualTo("30s");

    }

    @Test
    void anAccountWideWaitIsTheGatesToHoldNotTheRecordsSoOneLongRetryAfterCannotStallATier() {
        NextStep banned = router.route(attempt(1, null), classifier.classify("IP_BANNED", Phase.SUBMIT), 0, null, NOW);
        assertThat(((NextStep.RetryLater) banned).next().notBefore()).isEqualTo(NOW.toEpochMilli() + 5_000);

        NextStep hour = router.route(attempt(1, null),
                classifier.classify(TransportFailure.HTTP_429, Phase.SUBMIT, java.time.Duration.ofSeconds(3600)), 0, null, NOW);
        assertThat(((NextStep.RetryLater) hour).next().notBefore()).isEqualTo(NOW.toEpochMilli() + 5_000);
    }

    @Test
    void transientErrorsFailAfterTheLastAttempt() {
        NextStep step = router.route(attempt(6, "HTTP_5XX"), classifier.classify(TransportFailure.HTTP_5XX, Phase.SUBMIT, null), 0, null, NOW);
        assertThat(step).isInstanceOf(NextStep.Fail.class);
        assertThat(((NextStep.Fail) step).reason()).isEqualTo("attempt 6 of 6 failed");
    }

    @Test
    void taskErrorsAreRetriedOnceThenFail() {
        var unsolvable = classifier.classify("ERROR_CAPTCHA_UNSOLVABLE", Phase.POLL);
        assertThat(router.route(attempt(1, null), unsolvable, 1, null, NOW)).isInstanceOf(NextStep.RetryLater.class);
        assertThat(router.route(attempt(2, "ERROR_CAPTCHA_UNSOLVABLE"), unsolvable, 2, null, NOW)).isInstanceOf(NextStep.Fail.class);
        // a transient error in between does not use up the one retry
        assertThat(router.route(attempt(3, "ERROR_NO_SLOT_AVAILABLE"), unsolvable, 2, null, NOW)).isInstanceOf(NextStep.RetryLater.class);
    }

    @Test
    void invalidTasksFailAtOnceAndFatalErrorsHalt() {
        assertThat(router.route(attempt(1, null), classifier.classify("ERROR_PAGEURL", Phase.SUBMIT), 0, null, NOW))
                .isInstanceOf(NextStep.Fail.class);
        assertThat(router.route(attempt(1, null), classifier.classify("ERROR_ZERO_BALANCE", Phase.SUBMIT), 0, null, NOW))
                .isInstanceOf(NextStep.Halt.class);
    }

    @Test
    void noPathExceedsThePaidSubmitCap() {
        var forgotten = classifier.classify("ERROR_NO_SUCH_CAPCHA_ID", Phase.POLL);
        assertThat(router.route(attempt(1, null), forgotten, 2, null, NOW)).isInstanceOf(NextStep.Resubmit.class);
        assertThat(router.route(attempt(1, null), forgotten, 3, null, NOW)).isInstanceOf(NextStep.Fail.class);
        var transientAfterThreePaid = router.route(attempt(2, null), classifier.classify("ERROR_NO_SLOT_AVAILABLE", Phase.SUBMIT), 3, null, NOW);
        assertThat(transientAfterThreePaid).isInstanceOf(NextStep.Fail.class);
        assertThat(((NextStep.Fail) transientAfterThreePaid).reason()).isEqualTo("3 paid submits reached --max-paid-submits 3");
    }
}
