package io.captchafleet.worker.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.model.Verdict;
import io.captchafleet.common.serde.Json;
import io.captchafleet.worker.solver.Cost;
import org.junit.jupiter.api.Test;

/** Verdicts on the fake cluster: each solved answer is reported once, and the report's course is in its outcome. */
class ReportsTest {

    private static LoopFixture solvedTask(String id) {
        LoopFixture f = new LoopFixture();
        f.start(0);
        f.publishTask(0, id, LoopFixture.data("https://example.test/" + id));
        f.turnUntil("submitted", () -> f.solver.submits("b/" + id).size() == 1);
        f.solver.paid("b/" + id, "s-" + id, Instant.now());
        f.solver.solved("b/" + id, "token-" + id, f.clock.instant(), new Cost(new java.math.BigDecimal("0.003"), Cost.API));
        f.turnUntil("solved", () -> f.latest().containsKey("b/" + id) && f.latest().get("b/" + id).status() == OutcomeStatus.SOLVED);
        return f;
    }

    @Test
    void aBadVerdictIsCommittedAsSendingBeforeTheProviderHearsOfItThenItsAnswerIsRecordedOnce() {
        LoopFixture f = solvedTask("1");
        f.publishVerdict(0, "b/1", Verdict.Kind.BAD);
        f.publishVerdict(0, "b/1", Verdict.Kind.BAD); // the command run twice
        f.turnUntil("the report is asked for", () -> !f.solver.reports().isEmpty());
        Outcome sending = f.latest().get("b/1");
        assertThat(sending.report()).isEqualTo("bad");
        assertThat(sending.reportResult()).as("committed before the call").isEqualTo("sending");
        assertThat(sending.token()).as("the whole outcome is kept").isEqualTo("token-1");

        f.solver.answerReports("OK_REPORT_RECORDED");
        f.turnUntil("the answer is recorded", () -> "OK_REPORT_RECORDED".equals(f.latest().get("b/1").reportResult()));
        f.publishVerdict(0, "b/1", Verdict.Kind.GOOD);
        f.turns(20);

        Outcome reported = f.latest().get("b/1");
        assertThat(reported.reportedAt()).isNotNull();
        assertThat(reported.status()).isEqualTo(OutcomeStatus.SOLVED);
        assertThat(reported.cost()).isEqualByComparingTo("0.003");
        assertThat(f.solver.reports()).singleElement().satisfies(r -> {
            assertThat(r.solverId()).isEqualTo(reported.solverTaskId());
            assertThat(r.good()).isFalse();
        });
        assertThat(f.kafka.committedOffset(LoopFixture.tp(LoopFixture.LAYOUT.verdicts(), 0))).isEqualTo(3);
    }

    @Test
    void aReportLeftSendingByAFormerOwnerIsRecordedUnconfirmedAndNeverSentAgain() {
        LoopFixture f = new LoopFixture();
        TaskRecord t = TaskRecord.first("b", "1", 0, LoopFixture.data("https://example.test/1"));
        f.publish(LoopFixture.LAYOUT.tasks(), 0, t);
        f.publishOutcome(0, Outcome.forTask(t, OutcomeStatus.SOLVED).token("tok").solverTaskId("s-1").paidSubmits(1)
                .solvedAt(f.clock.instant()).worker("gone").report("bad", null, "sending").build());
        f.publishVerdict(0, "b/1", Verdict.Kind.BAD);
        f.start(0);
        f.turnUntil("recorded unconfirmed", () -> "unconfirmed".equals(f.latest().get("b/1").reportResult()));
        f.turns(20);
        assertThat(f.solver.reports()).isEmpty();
        assertThat(f.solver.submits("b/1")).isEmpty();
        assertThat(f.latest().get("b/1").token()).isEqualTo("tok");
    }

    @Test
    void aVerdictPastTheProvidersWindowIsRecordedTooLateWithoutARequest() {
        LoopFixture f = solvedTask("1");
        f.solver.reportWindow(Duration.ofSeconds(60));
        f.clock.advance(Duration.ofSeconds(61));
        f.publishVerdict(0, "b/1", Verdict.Kind.BAD);
        f.turnUntil("recorded too late", () -> "too_late".equals(f.latest().get("b/1").reportResult()));
        assertThat(f.solver.reports()).isEmpty();
        assertThat(f.latest().get("b/1").report()).isEqualTo("bad");
    }

    @Test
    void verdictsForUnknownOrUnsolvedTasksAreNotReportedAndDoNotHoldTheCommit() {
        LoopFixture f = new LoopFixture();
        f.start(0);
        f.publishTask(0, "2", LoopFixture.data("https://example.test/2"));
        f.turnUntil("submitted", () -> f.solver.submits("b/2").size() == 1);
        f.publishVerdict(0, "b/nope", Verdict.Kind.BAD);
        f.publishVerdict(0, "b/2", Verdict.Kind.GOOD);
        f.kafka.publish(LoopFixture.LAYOUT.verdicts(), 0, LoopFixture.key("b/3"), Json.writeBytes(Json.object().put("v", 1)));
        f.turnUntil("the verdicts' offsets are committed",
                () -> Long.valueOf(3).equals(f.kafka.committedOffset(LoopFixture.tp(LoopFixture.LAYOUT.verdicts(), 0))));
        assertThat(f.solver.reports()).isEmpty();
        assertThat(f.kafka.records(LoopFixture.LAYOUT.deadLetter())).as("the unreadable one").hasSize(1);
    }
}
