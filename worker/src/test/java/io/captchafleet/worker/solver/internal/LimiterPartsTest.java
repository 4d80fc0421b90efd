package io.captchafleet.worker.solver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

import io.captchafleet.common.errors.ErrorClassifier;
import io.captchafleet.common.errors.Phase;
import io.captchafleet.common.fleet.FleetState;
import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.model.FleetEventType;
import io.captchafleet.worker.halt.HaltState;
import org.junit.jupiter.api.Test;

class LimiterPartsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void atNineteenPerSecondNoThreeSecondWindowSeesSixtySubmits() {
        TokenBucket bucket = new TokenBucket(19, T0);
        Deque<Instant> sent = new ArrayDeque<>();
        int most = 0;
        for (int ms = 0; ms < 20_000; ms++) {
            Instant now = T0.plusMillis(ms);
            while (bucket.tryTake(now)) {
                sent.addLast(now);
            }
            while (!sent.isEmpty() && !sent.peekFirst().isAfter(now.minusSeconds(3))) {
                sent.pollFirst();
            }
            most = Math.max(most, sent.size());
        }
        assertThat(most).isLessThan(60).isGreaterThanOrEqualTo(56);
    }

    @Test
    void theNextTokenIsDueWhenTheRateSays() {
        TokenBucket bucket = new TokenBucket(10, T0);
        assertThat(bucket.tryTake(T0)).isTrue();
        assertThat(bucket.tryTake(T0)).isFalse();
        assertThat(bucket.nextTokenAt(T0)).isEqualTo(T0.plusMillis(100));
        assertThat(bucket.tryTake(T0.plusMillis(99))).isFalse();
        assertThat(bucket.tryTake(T0.plusMillis(100))).isTrue();
    }

    @Test
    void zeroMeansNoCap() {
        TokenBucket bucket = new TokenBucket(0, T0);
        for (int i = 0; i < 1000; i++) {
            assertThat(bucket.tryTake(T0)).isTrue();
        }
        assertThat(bucket.nextTokenAt(T0)).isEqualTo(T0);
    }

    @Test
    void theLimiterLetsAtMostTheLimitOnTheWireAndNoneWhileHalted() {
        java.time.Clock clock = java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC);
        HaltState halt = new HaltState("w-1", event -> { }, clock);
        halt.followed(FleetState.initial());
        AccountGate gate = new AccountGate(clock, halt);
        SubmitLimiter<String> limiter = new SubmitLimiter<>(clock, gate, 2, 0, "dropped"::equals);
        for (String s : java.util.List.of("a", "dropped", "b", "c", "d")) {
            limiter.enqueue(s);
        }
        assertThat(limiter.takeReady()).containsExactly("a", "b");
        assertThat(limiter.takeReady()).isEmpty();
        limiter.finished(SubmitLimiter.Return.ACCEPTED);
        assertThat(limiter.takeReady()).containsExactly("c");
        halt.fatal(ErrorClassifier.standard().classify("ERROR_ZERO_BALANCE", Phase.SUBMIT), -1, "b/c");
        limiter.finished(SubmitLimiter.Return.ACCEPTED);
        assertThat(limiter.takeReady()).isEmpty();
        assertThat(limiter.nextSubmitAt()).isEmpty();
        assertThat(limiter.drainIfHalted()).containsExactly("d");
        assertThat(limiter.queued()).isZero();
        halt.followed(FleetState.initial().apply(0, FleetEvent.resume("refilled", "ops", T0)));
        gate.ban(Duration.ofSeconds(10));
        assertThat(limiter.nextSubmitAt()).contains(T0.plusSeconds(10));
    }

    @Test
    void aimdHalvesOncePerWindowAndClimbsBackByOnePerLimitSuccesses() {
        Aimd aimd = new Aimd(8);
        assertThat(aimd.onPushBack(T0)).isTrue();
        assertThat(aimd.onPushBack(T0.plusMillis(999))).isFalse();
        assertThat(aimd.limit()).isEqualTo(4);
        assertThat(aimd.onPushBack(T0.plus(Aimd.DECREASE_SPACING))).isTrue();
        assertThat(aimd.limit()).isEqualTo(2);
        aimd.onPushBack(T0.plusSeconds(5));
        aimd.onPushBack(T0.plusSeconds(10));
        assertThat(aimd.limit()).isEqualTo(1);
        aimd.onSuccess();
        assertThat(aimd.limit()).isEqualTo(2);
        aimd.onSuccess();
        assertThat(aimd.limit()).isEqualTo(2);
        aimd.onSuccess();
        assertThat(aimd.limit()).isEqualTo(3);
        for (int i = 0; i < 100; i++) {
            aimd.onSuccess();
        }
        assertThat(aimd.limit()).isEqualTo(8);
        assertThat(Duration.ofSeconds(1)).isEqualTo(Aimd.DECREASE_SPACING);
    }
}
