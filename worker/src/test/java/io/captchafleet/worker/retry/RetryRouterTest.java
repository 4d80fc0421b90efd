package io.captchafleet.worker.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
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
    private static final RetryPolicy POLICY = new RetryPolicy(6, 3, RetryTier.DEFAULTS);
    private final ErrorClassifier classifier = ErrorClassifier.standard();
    private final RetryRouter router = new RetryRouter(POLICY, classifier);
    /** Tried once already without a retry record: the next transient failure goes to a tier. */
    private static final Tried SHORT_USED = new Tried(0, true, false, false, null);

    private static TaskRecord attempt(int n, String lastError) {
        return new TaskRecord("b/1", "b", 0, 1, n, Json.object(), 0, lastError, 0, null, null, null);
    }

    private static RetryRouter withRandom(double r) {
        return new RetryRouter(POLICY, ErrorClassifier.standard(), () -> r);
    }

    @Test
    void theFirstTransientSubmitFailureIsTriedAgainAfterAboutASecondNeverSooner() {
        var http500 = classifier.classify(TransportFailure.HTTP_5XX, Phase.SUBMIT, Duration.ZERO);
        var garbage = classifier.classify(TransportFailure.BAD_RESPONSE, Phase.SUBMIT, Duration.ZERO);
        var refused = classifier.classify(TransportFailure.NETWORK, Phase.SUBMIT, Duration.ZERO);

        for (var error : java.util.List.of(http500, garbage, refused)) {
            NextStep step = router.route(attempt(1, null), error, Tried.paid(0), NOW);
            assertThat(step).as(error.code()).isInstanceOf(NextStep.RetrySoon.class);
            assertThat(((NextStep.RetrySoon) step).delay()).isBetween(Duration.ofMillis(750), Duration.ofMillis(1250));
        }
        assertThat(((NextStep.RetrySoon) withRandom(0).route(attempt(1, null), http500, Tried.paid(0), NOW)).delay())
                .isEqualTo(Duration.ofMillis(750));
        assertThat(((NextStep.RetrySoon) withRandom(0.999_999).route(attempt(1, null), http500, Tried.paid(0), NOW)).delay())
                .isEqualTo(Duration.ofMillis(1250));
    }

    @Test
    void aDocumentedWaitIsKeptWhole_fiveSecondsAfterNoSlot_andOnlySpreadUpward() {
        var noSlot = classifier.classify("ERROR_NO_SLOT_AVAILABLE", Phase.SUBMIT);

        NextStep soonest = withRandom(0).route(attempt(1, null), noSlot, Tried.paid(0), NOW);
        NextStep latest = withRandom(0.999_999).route(attempt(1, null), noSlot, Tried.paid(0), NOW);

        assertThat(((NextStep.RetrySoon) soonest).delay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(((NextStep.RetrySoon) latest).delay()).isBetween(Duration.ofSeconds(5), Duration.ofMillis(6250));
    }

    @Test
    void afterItsShortRetryATransientSubmitErrorTravelsThroughTheTiersWithItsOwnWaitWhenLonger() {
        NextStep step = router.route(attempt(1, null), classifier.classify("ERROR_NO_SLOT_AVAILABLE", Phase.SUBMIT), SHORT_USED, NOW);
        assertThat(step).isInstanceOf(NextStep.RetryLater.class);
        NextStep.RetryLater r = (NextStep.RetryLater) step;
        assertThat(r.tier().name()).isEqualTo("5s");
        assertThat(r.next().attempt()).isEqualTo(2);
        assertThat(r.next().notBefore()).isEqualTo(NOW.toEpochMilli() + 5_000);
        assertThat(r.next().lastError()).isEqualTo("ERROR_NO_SLOT_AVAILABLE");

        NextStep third = router.route(attempt(3, "ERROR_NO_SLOT_AVAILABLE"),
                classifier.classify(TransportFailure.HTTP_5XX, Phase.SUBMIT, Duration.ZERO), SHORT_USED, NOW);
        assertThat(((NextStep.RetryLater) third).tier().name()).isEqualTo("30s");
    }

    @Test
    void aSubmitThatMayHaveBeenBilledIsNeverTriedAgainSoonItGoesThroughATierWithItsPaidSubmitCounted() {
        var timeout = classifier.classify(TransportFailure.REQUEST_TIMEOUT, Phase.SUBMIT, Duration.ZERO);

        NextStep step = router.route(attempt(1, null), timeout, new Tried(1, false, false, true, new BigDecimal("0.002")), NOW);

        assertThat(step).isInstanceOf(NextStep.RetryLater.class);
        assertThat(((NextStep.RetryLater) step).next().paidSubmits()).isEqualTo(1);
        assertThat(((NextStep.RetryLater) step).next().cost()).as("the retry record carries what was paid so far")
                .isEqualByComparingTo("0.002");
    }

    @Test
    void anAccountWideWaitIsTheGatesToHoldNotTheRecordsSoOneLongRetryAfterCannotStallATier() {
        NextStep banned = router.route(attempt(1, null), classifier.classify("IP_BANNED", Phase.SUBMIT), Tried.paid(0), NOW);
        assertThat(((NextStep.RetryLater) banned).next().notBefore()).isEqualTo(NOW.toEpochMilli() + 5_000);

        NextStep hour = router.route(attempt(1, null),
                classifier.classify(TransportFailure.HTTP_429, Phase.SUBMIT, Duration.ofSeconds(3600)), Tried.paid(0), NOW);
        assertThat(((NextStep.RetryLater) hour).next().notBefore()).isEqualTo(NOW.toEpochMilli() + 5_000);
    }

    @Test
    void transientErrorsFailAfterTheLastAttempt() {
        NextStep step = router.route(attempt(6, "HTTP_5XX"), classifier.classify(TransportFailure.HTTP_5XX, Phase.SUBMIT, null),
                SHORT_USED, NOW);
        assertThat(step).isInstanceOf(NextStep.Fail.class);
        assertThat(((NextStep.Fail) step).reason()).isEqualTo("attempt 6 of 6 failed");
    }

    @Test
    void aTaskErrorGetsOneMoreTryAtOnceThenFails() {
        var unsolvable = classifier.classify("ERROR_CAPTCHA_UNSOLVABLE", Phase.POLL);

        NextStep first = router.route(attempt(1, null), unsolvable, Tried.paid(1), NOW);
        assertThat(first).isInstanceOf(NextStep.RetrySoon.class);
        assertThat(((NextStep.RetrySoon) first).delay()).isZero();

        assertThat(router.route(attempt(1, null), unsolvable, new Tried(2, false, true, false, null), NOW)).isInstanceOf(NextStep.Fail.class);
        // a record that came back from a tier after a task error: its one more try is used up too
        assertThat(router.route(attempt(2, "ERROR_CAPTCHA_UNSOLVABLE"), unsolvable, Tried.paid(2), NOW)).isInstanceOf(NextStep.Fail.class);
        // a transient error in between does not use up the one retry
        assertThat(router.route(attempt(3, "ERROR_NO_SLOT_AVAILABLE"), unsolvable, Tried.paid(2), NOW))
                .isInstanceOf(NextStep.RetrySoon.class);
    }

    @Test
    void invalidTasksFailAtOnceAndFatalErrorsHalt() {
        assertThat(router.route(attempt(1, null), classifier.classify("ERROR_PAGEURL", Phase.SUBMIT), Tried.paid(0), NOW))
                .isInstanceOf(NextStep.Fail.class);
        assertThat(router.route(attempt(1, null), classifier.classify("ERROR_ZERO_BALANCE", Phase.SUBMIT), Tried.paid(0), NOW))
                .isInstanceOf(NextStep.Halt.class);
    }

    @Test
    void noPathExceedsThePaidSubmitCap() {
        var forgotten = classifier.classify("ERROR_NO_SUCH_CAPCHA_ID", Phase.POLL);
        assertThat(router.route(attempt(1, null), forgotten, Tried.paid(2), NOW)).isInstanceOf(NextStep.Resubmit.class);
        assertThat(router.route(attempt(1, null), forgotten, Tried.paid(3), NOW)).isInstanceOf(NextStep.Fail.class);
        var unsolvable = classifier.classify("ERROR_CAPTCHA_UNSOLVABLE", Phase.POLL);
        assertThat(router.route(attempt(1, null), unsolvable, Tried.paid(3), NOW)).isInstanceOf(NextStep.Fail.class);
        var noSlot = classifier.classify("ERROR_NO_SLOT_AVAILABLE", Phase.SUBMIT);
        assertThat(router.route(attempt(2, null), noSlot, Tried.paid(3), NOW)).isInstanceOf(NextStep.Fail.class);
        var transientAfterThreePaid = router.route(attempt(2, null), noSlot, new Tried(3, true, false, false, null), NOW);
        assertThat(transientAfterThreePaid).isInstanceOf(NextStep.Fail.class);
        assertThat(((NextStep.Fail) transientAfterThreePaid).reason()).isEqualTo("3 paid submits reached --max-paid-submits 3");
    }
}
