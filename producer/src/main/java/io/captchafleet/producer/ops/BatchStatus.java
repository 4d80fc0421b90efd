package io.captchafleet.producer.ops;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.captchafleet.common.fleet.BatchControl;
import io.captchafleet.common.model.BatchManifest;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.producer.state.BalanceSeen;
import io.captchafleet.producer.state.BatchTally;

/**
 * Where one batch stands.
 *
 * @param pending       tasks without any outcome yet: total minus known outcomes
 * @param ratePerSecond finished tasks per second since the batch was submitted
 * @param eta           time left at that rate, when there is a rate
 * @param control       what the fleet events say about it (cancelled, when and why)
 * @param spent         what the tasks' outcomes say they cost
 * @param uncosted      paid submits no recorded cost covers yet
 * @param maxSpend      the batch's spend cap (the newest CAP event's, else the one given at submit), if any
 * @param balance       the account balance the newest outcome's worker saw last, if any
 */
public record BatchStatus(
        BatchManifest manifest,
        long solved,
        long failed,
        Map<String, Long> failedByError,
        long inFlight,
        long retrying,
        long pending,
        long paidSubmits,
        double ratePerSecond,
        Optional<Duration> eta,
        BatchControl control,
        BigDecimal spent,
        long uncosted,
        Optional<BigDecimal> maxSpend,
        Optional<BalanceSeen> balance) {

    static BatchStatus of(BatchManifest m, BatchTally t, BatchControl control) {
        long solved = t.count(OutcomeStatus.SOLVED);
        long failed = t.count(OutcomeStatus.FAILED);
        long finished = solved + failed;
        long pending = Math.max(0, m.total() - t.known());
        double seconds = (t.lastFinishedAt() - m.createdAt().toEpochMilli()) / 1000.0;
        double rate = finished > 0 && seconds > 0 ? finished / seconds : 0.0;
        long left = Math.max(0, m.total() - finished);
        Optional<Duration> eta = rate > 0 ? Optional.of(Duration.ofSeconds(Math.round(left / rate))) : Optional.empty();
        return new BatchStatus(m, solved, failed, t.failedByError(), t.count(OutcomeStatus.IN_FLIGHT),
                t.count(OutcomeStatus.RETRYING), pending, t.paidSubmits(), rate, left == 0 ? Optional.of(Duration.ZERO) : eta, control,
                t.spent(), t.uncostedSubmits(), Optional.ofNullable(control.maxSpend(m.maxSpend())), Optional.ofNullable(t.balance()));
    }

    /** Whether its newest generation is cancelled ({@code retry-failed} after a cancel brings a newer one). */
    public boolean cancelled() {
        return control.cancels(manifest.generation());
    }

    /** What a solved task cost on average (the batch's spend over its solved tasks), when any is solved. */
    public Optional<BigDecimal> costPerSolved() {
        return solved == 0 ? Optional.empty() : Optional.of(spent.divide(BigDecimal.valueOf(solved), 8, RoundingMode.HALF_UP)
                .stripTrailingZeros());
    }

    /** Every task has a terminal outcome. */
    public boolean finished() {
        return solved + failed >= manifest.total();
    }
}
