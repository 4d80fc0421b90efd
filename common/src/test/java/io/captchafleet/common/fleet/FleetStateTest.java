package io.captchafleet.common.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.model.FleetEventType;
import org.junit.jupiter.api.Test;

class FleetStateTest {
    private static final Instant AT = Instant.parse("2026-11-29T12:00:00Z");

    private static FleetEvent fatal(String code, long resumeOffset) {
        return FleetEvent.fatal(code, "from the API", "b1/7", "w-1", AT, resumeOffset);
    }

    private static FleetEvent of(FleetEventType type) {
        return new FleetEvent(type, null, "operator", null, "ops", AT, -1, null, null);
    }

    @Test
    void aFatalHaltsUntilAResumeComesAfterIt() {
        FleetState s = FleetState.initial().apply(0, fatal("ERROR_ZERO_BALANCE", -1));
        assertThat(s.halted()).isTrue();
        assertThat(s.describe()).isEqualTo("halted since 2026-11-29T12:00:00.000Z by ERROR_ZERO_BALANCE (task b1/7) from w-1: from the API");

        s = s.apply(1, of(FleetEventType.RESUME));
        assertThat(s.halted()).isFalse();
        assertThat(s.newestResumeOffset()).isEqualTo(1);
    }

    @Test
    void aFatalFromARequestSentBeforeTheNewestResumeIsIgnored() {
        FleetState s = FleetState.initial()
                .apply(0, fatal("ERROR_ZERO_BALANCE", -1))
                .apply(1, of(FleetEventType.RESUME))
                // A second worker's answer to a request it sent before the RESUME arrives late.
                .apply(2, fatal("ERROR_ZERO_BALANCE", -1));
        assertThat(s.halted()).isFalse();

        s = s.apply(3, fatal("ERROR_WRONG_USER_KEY", 1));
        assertThat(s.halted()).isTrue();
        assertThat(s.haltedBy().orElseThrow().code()).isEqualTo("ERROR_WRONG_USER_KEY");
        assertThat(s.haltOffset()).isEqualTo(3);
    }

    @Test
    void theFirstCauseOfAHaltIsKept() {
        FleetState s = FleetState.initial().apply(5, of(FleetEventType.HALT)).apply(6, fatal("ERROR_ZERO_BALANCE", -1));
        assertThat(s.haltedBy().orElseThrow().type()).isEqualTo(FleetEventType.HALT);
        assertThat(s.haltOffset()).isEqualTo(5);
    }

    @Test
    void anUnreadableEventHaltsLikeAnOperatorsHaltAndNamesItsOffsetUntilAResume() {
        FleetState s = FleetState.initial().unreadable(4, AT, "fleet event: version 2 is newer than this reader understands (1)");
        assertThat(s.halted()).isTrue();
        assertThat(s.describe()).isEqualTo("halted since 2026-11-29T12:00:00.000Z by the fleet event at offset 4, which cannot be read"
                + " (fleet event: version 2 is newer than this reader understands (1))");
        assertThat(s.apply(5, of(FleetEventType.RESUME)).halted()).isFalse();
    }

    @Test
    void perBatchEventsSetEachBatchsControlsWithoutHaltingTheFleet() {
        FleetState s = FleetState.initial()
                .apply(0, FleetEvent.cap("b1", new java.math.BigDecimal("5.00"), "ops", AT))
                .apply(1, FleetEvent.cancel("b2", "wrong file", "ops", AT))
                .apply(2, FleetEvent.cap("b1", new java.math.BigDecimal("8.00"), "ops", AT))
                .apply(3, FleetEvent.purge("b2", "ops", AT));
        assertThat(s.halted()).isFalse();
        assertThat(s.batch("b1").maxSpend()).isEqualByComparingTo("8.00");
        assertThat(s.batch("b2").cancelled()).isTrue();
        assertThat(s.batch("b2").cancelledBecause()).isEqualTo("wrong file");
        assertThat(s.batch("b2").purged()).isTrue();
        assertThat(s.batch("b3")).isEqualTo(BatchControl.NONE);
        assertThat(s.apply(4, FleetEvent.cap("b1", null, "ops", AT)).batch("b1").capped()).isFalse();
    }

    @Test
    void aCancelCoversTheGenerationsUpToItsOwnSoThatRetryFailedBringsTheBatchBack() {
        FleetState s = FleetState.initial().apply(0, FleetEvent.cancel("b", 2, "wrong key", "ops", AT));
        assertThat(s.batch("b").cancels(1)).isTrue();
        assertThat(s.batch("b").cancels(2)).isTrue();
        assertThat(s.batch("b").cancels(3)).as("retry-failed's next generation").isFalse();
        assertThat(FleetState.initial().apply(0, FleetEvent.cancel("b", "old form", "ops", AT)).batch("b").cancels(99))
                .as("a cancel without a generation covers every one").isTrue();
        assertThat(s.apply(1, FleetEvent.cancel("b", 3, "again", "ops", AT)).batch("b").cancels(3)).isTrue();
    }

    @Test
    void theCapGivenAtSubmitHoldsUntilACapEventRaisesLowersOrLiftsIt() {
        java.math.BigDecimal atSubmit = new java.math.BigDecimal("1.00");
        FleetState s = FleetState.initial();
        assertThat(s.batch("b1").maxSpend(atSubmit)).isEqualByComparingTo("1.00");
        s = s.apply(0, FleetEvent.cap("b1", new java.math.BigDecimal("2.50"), "ops", AT));
        assertThat(s.batch("b1").maxSpend(atSubmit)).isEqualByComparingTo("2.50");
        s = s.apply(1, FleetEvent.cap("b1", null, "ops", AT));
        assertThat(s.batch("b1").maxSpend(atSubmit)).as("lifted").isNull();
        assertThat(s.batch("b2").maxSpend(null)).isNull();
    }
}
