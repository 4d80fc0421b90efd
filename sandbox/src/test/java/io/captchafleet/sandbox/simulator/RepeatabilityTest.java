package io.captchafleet.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

class RepeatabilityTest {
    private static final Faults EVERY_FAULT = Faults.parse("no-slot=0.2,unsolvable=0.2,http-500=0.1,garbage=0.1,slow=0.1,drop=0.1");

    /** Runs one fixed request sequence and writes down what each request got. */
    private static List<String> run(long seed) {
        ManualClock clock = new ManualClock();
        SimulatorSettings settings = SimulatorSettings.builder().seed(seed).faults(EVERY_FAULT).clock(clock)
                .latency(Latency.uniform(Duration.ofSeconds(1), Duration.ofSeconds(5))).slowDelay(Duration.ofMillis(1)).build();
        List<String> seen = new ArrayList<>();
        try (SolverSimulator simulator = SolverSimulator.start(settings)) {
            ApiClient api = new ApiClient(simulator);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String pageUrl = "https://example.com/" + i;
                String answer = outcome(() -> api.postForm("in.php", "key", ApiClient.KEY, "method", "userrecaptcha",
                        "googlekey", "k", "pageurl", pageUrl));
                seen.add(answer);
                if (answer.startsWith("200 OK|")) {
                    ids.add(answer.substring("200 OK|".length()));
                }
            }
            clock.advance(Duration.ofSeconds(5));
            for (String id : ids) {
                seen.add(outcome(() -> api.postForm("res.php", "key", ApiClient.KEY, "action", "get", "id", id)));
            }
            seen.add("stats " + simulator.stats().faultsInjected());
        }
        return seen;
    }

    private static String outcome(Supplier<HttpResponse<String>> request) {
        try {
            HttpResponse<String> r = request.get();
            return r.statusCode() + " " + r.body();
        } catch (UncheckedIOException e) {
            return "dropped";
        }
    }

    @Test
    void sameSeedAndRequestsGiveTheSameFaultsLatenciesAndTokens() {
        List<String> first = run(42);
        List<String> second = run(42);

        assertThat(second).isEqualTo(first);
        // Every kind of outcome came up, so the comparison covered them all.
        assertThat(first).anyMatch(s -> s.equals("dropped"))
                .anyMatch(s -> s.startsWith("500 "))
                .anyMatch(s -> s.equals("200 ERROR_NO_SLOT_AVAILABLE"))
                .anyMatch(s -> s.equals("200 ERROR_CAPTCHA_UNSOLVABLE"))
                .anyMatch(s -> s.startsWith("200 OK|SIMULATED."));
    }

    @Test
    void anotherSeedGivesAnotherPattern() {
        assertThat(run(43)).isNotEqualTo(run(42));
    }
}
