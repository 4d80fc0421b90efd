package io.captchafleet.worker.solver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.errors.TransportFailure;
import io.captchafleet.common.fleet.FleetState;
import io.captchafleet.common.provider.ProviderProfiles;
import io.captchafleet.common.serde.Json;
import io.captchafleet.worker.halt.HaltState;
import io.captchafleet.worker.solver.ApiKey;
import io.captchafleet.worker.solver.SolveListener;
import io.captchafleet.worker.solver.SolveRequest;
import io.captchafleet.worker.solver.SolveResult;
import io.captchafleet.worker.solver.SolverSettings;
import io.captchafleet.worker.solver.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When polls go, on a clock the test moves and a scheduler it runs: the first poll never before the kind's first-poll
 * delay (learned later, never earlier), a failed poll request asked again after about a second and never sooner, once
 * in a row.
 */
class PollTimingTest {
    private static final Duration FIRST = Duration.ofSeconds(5);
    private static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final Duration STEP = Duration.ofMillis(50);

    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeApi api = new FakeApi();
    private final Map<String, SolveResult> results = new ConcurrentHashMap<>();
    private final SolverEngine engine;

    PollTimingTest() {
        SolverSettings settings = SolverSettings.builder(ProviderProfiles.byName("custom"), ApiKey.of("poll-timing-test-key"))
                .firstPollDelay(FIRST).pollInterval(INTERVAL).pollBudget(20).schedulerTick(Duration.ofMillis(100))
                .submitsPerSecond(0).clock(clock).build();
        HaltState halt = new HaltState("w", e -> { }, clock);
        halt.followed(FleetState.initial());
        engine = new SolverEngine(settings, api, new SimpleMeterRegistry(), halt,
                new SolverEngine.Threads(scheduler, Executors.newSingleThreadExecutor()));
    }

    @AfterEach
    void close() {
        engine.close();
    }

    /** One poll request as the fake provider saw it: when (the test's clock) and for which ids. */
    record Poll(Instant at, List<String> ids) {
    }

    /** A provider that accepts every submit and answers each poll as the test scripted, else "not ready". */
    final class FakeApi implements SolverApi {
        final List<Poll> polls = Collections.synchronizedList(new ArrayList<>());
        final List<Instant> submits = Collections.synchronizedList(new ArrayList<>());
        final java.util.Deque<PollReply> script = new java.util.concurrent.ConcurrentLinkedDeque<>();

        @Override
        public CompletableFuture<Answer> submit(ObjectNode taskData) {
            submits.add(clock.instant());
            return CompletableFuture.completedFuture(Answer.Ok.of("id-" + submits.size()));
        }

        @Override
        public CompletableFuture<PollReply> poll(List<String> ids) {
            polls.add(new Poll(clock.instant(), List.copyOf(ids)));
            PollReply scripted = script.pollFirst();
            return CompletableFuture.completedFuture(scripted != null ? scripted
                    : PollReply.of(Collections.nCopies(ids.size(), Answer.NotReady.INSTANCE)));
        }

        @Override
        public int maxIdsPerPoll() {
            return 100;
        }

        @Override
        public CompletableFuture<Answer> balance() {
            return CompletableFuture.completedFuture(Answer.Ok.of("1"));
        }

        @Override
        public CompletableFuture<Answer> report(String solverId, String call) {
            return CompletableFuture.completedFuture(Answer.Ok.of("OK_REPORT_RECORDED"));
        }
    }

    private final SolveListener listener = new SolveListener() {
        @Override
        public void onPaid(SolveRequest request, String solverId, Instant submittedAt) {
        }

        @Override
        public void onDone(SolveRequest request, SolveResult result) {
            results.put(request.taskId(), result);
        }
    };

    private static ObjectNode recaptcha(int i) {
        return Json.object().put("method", "userrecaptcha").put("googlekey", "6Le-key").put("pageurl", "https://example.test/" + i);
    }

    /** Submits a task now; returns when its submit was accepted (the test clock's time). */
    private Instant submit(String taskId, int i) {
        engine.solve(SolveRequest.of(taskId, recaptcha(i)), listener);
        scheduler.runPending();
        return clock.instant();
    }

    /** Moves the clock on by {@code d} in small steps, letting the engine tick after each. */
    private void pass(Duration d) {
        for (Duration gone = Duration.ZERO; gone.compareTo(d) < 0; gone = gone.plus(STEP)) {
            clock.advance(STEP);
            scheduler.tick();
        }
    }

    private static PollReply failed(int ids) {
        return PollReply.failed(ids, new Answer.TransportError(TransportFailure.HTTP_5XX, 500, "HTTP 500", Duration.ZERO, false));
    }

    @Test
    void theFirstPollNeverComesBeforeTheKindsFirstPollDelay() {
        Instant paid = submit("b/1", 1);

        pass(FIRST.minus(STEP));
        assertThat(api.polls).as("polls before the first-poll delay").isEmpty();
        pass(STEP.multipliedBy(2));

        assertThat(api.polls).hasSize(1);
        assertThat(api.polls.get(0).at()).isAfterOrEqualTo(paid.plus(FIRST));
    }

    @Test
    void aFailedPollRequestIsAskedAgainAfterAboutASecondNeverSoonerThenKeepsTheCadenceWhileFailing() {
        Instant paid = submit("b/1", 1);
        api.script.add(failed(1));
        api.script.add(failed(1));
        pass(FIRST.plus(Duration.ofSeconds(12)));

        List<Poll> polls = List.copyOf(api.polls);
        assertThat(polls).hasSizeGreaterThanOrEqualTo(3);
        Duration retriedAfter = Duration.between(polls.get(0).at(), polls.get(1).at());
        // About a second; a poll may ride along with a request up to one scheduler tick (100 ms here) before it is due.
        assertThat(retriedAfter).as("the short retry").isBetween(Duration.ofMillis(650), Duration.ofMillis(1250).plus(STEP));
        Duration afterSecondFailure = Duration.between(polls.get(1).at(), polls.get(2).at());
        assertThat(afterSecondFailure).as("failed twice in a row: back to the cadence").isGreaterThanOrEqualTo(INTERVAL.minusMillis(100));
        assertThat(polls.get(0).at()).isAfterOrEqualTo(paid.plus(FIRST));
    }

    @Test
    void theLearnedFirstPollMovesLaterWhenTasksAreNeverReadyThatSoonAndNeverEarlierThanTheMinimum() {
        // Tasks that take about 12 s: polled at 5 s and 10 s for nothing, answered at 15 s.
        for (int i = 0; i < FirstPolls.MIN_SAMPLES + 1; i++) {
            String id = "b/" + i;
            submit(id, i);
            pass(FIRST.plus(INTERVAL).plus(STEP));
            api.script.add(PollReply.of(List.of(Answer.Ok.of("token"))));
            pass(INTERVAL);
            assertThat(results).as("task %s answered", id).containsKey(id);
        }
        api.polls.clear();

        Instant paid = submit("b/late", 99);
        pass(Duration.ofSeconds(12));

        assertThat(api.polls).isNotEmpty();
        // Learned: when the answered tasks were last seen not ready (their second poll, about 10 s after their submit).
        assertThat(api.polls.get(0).at()).as("the first poll of a task of the kind learned")
                .isAfterOrEqualTo(paid.plus(Duration.ofSeconds(9)));
    }

    @Test
    void firstPollsAreNeverEarlierThanTheMinimumNorLaterThanHalfTheAttempt() {
        FirstPolls learned = new FirstPolls(Duration.ofMinutes(6));
        for (int i = 0; i < 100; i++) {
            learned.answered(io.captchafleet.common.model.TaskKind.RECAPTCHA_V2, Duration.ZERO);
            learned.answered(io.captchafleet.common.model.TaskKind.TURNSTILE, Duration.ofMinutes(10));
        }
        assertThat(learned.delay(io.captchafleet.common.model.TaskKind.RECAPTCHA_V2, Duration.ofSeconds(20)))
                .isEqualTo(Duration.ofSeconds(20));
        assertThat(learned.delay(io.captchafleet.common.model.TaskKind.TURNSTILE, Duration.ofSeconds(20)))
                .isEqualTo(Duration.ofMinutes(3));
        assertThat(learned.delay(io.captchafleet.common.model.TaskKind.IMAGE, Duration.ofSeconds(5)))
                .as("nothing learned of this kind").isEqualTo(Duration.ofSeconds(5));
    }
}
