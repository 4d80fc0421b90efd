package io.captchafleet.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        SimulatorSettings d = SimulatorSettings.defaults();
        assertThat(d.host()).isEqualTo("127.0.0.1");
        assertThat(d.port()).isZero();
        assertThat(d.latency()).isEqualTo(Latency.parse("uniform:1s-5s"));
        assertThat(d.faults().isNone()).isTrue();
        assertThat(d.slowDelay()).isEqualTo(Duration.ofSeconds(40));
        assertThat(d.balance()).isEmpty();
        assertThat(d.maxConcurrent()).isEmpty();
        assertThat(d.key()).isEmpty();
        assertThat(d.pollBudget()).isEqualTo(20);
        assertThat(d.submitRateLimit()).isEmpty();
        assertThat(d.resultTtl()).isEmpty();
    }

    @Test
    void aSimulatorOnEveryAddressIsReachedOnLoopbackAndABlankHostIsRefused() {
        try (SolverSimulator sim = SolverSimulator.start(SimulatorSettings.builder().host("0.0.0.0").build())) {
            assertThat(sim.baseUrl().getHost()).isEqualTo("127.0.0.1");
            assertThat(new ApiClient(sim).get("stats").statusCode()).isEqualTo(200);
        }
        assertThatThrownBy(() -> SimulatorSettings.builder().host(" ")).isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid value \" \" for host: must be an address of this machine, e.g. 127.0.0.1 or 0.0.0.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fixed:2s", "fixed:250ms", "uniform:1s-5s", "uniform:1500ms-2s", "lognormal:mean=20s,sigma=0.5"})
    void latencySpecsReadBackToTheSameText(String spec) {
        assertThat(Latency.parse(spec).toString()).isEqualTo(spec);
    }

    @Test
    void decimalAndMinuteDurationsAreRead() {
        assertThat(Latency.parse("uniform:0.5s-2m")).isEqualTo(Latency.uniform(Duration.ofMillis(500), Duration.ofMinutes(2)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "soon | Invalid value soon for latency: write fixed:2s, uniform:1s-5s or lognormal:mean=20s,sigma=0.5",
        "fixed:2 | Invalid value fixed:2 for latency: \"2\" is not a duration: write it like 250ms, 2s, 1.5s or 2m",
        "uniform:5s | Invalid value uniform:5s for latency: write a uniform latency as uniform:MIN-MAX, e.g. uniform:1s-5s",
        "uniform:5s-1s | Invalid value uniform:5s-1s for latency: the minimum 5s is above the maximum 1s",
        "uniform:5000ms-1s | Invalid value uniform:5000ms-1s for latency: the minimum 5s is above the maximum 1s",
        "lognormal:mean=20s | Invalid value lognormal:mean=20s for latency: write a log-normal latency as lognormal:mean=DURATION,sigma=NUMBER, e.g. lognormal:mean=20s,sigma=0.5",
        "lognormal:mean=20s,sigma=x | Invalid value lognormal:mean=20s,sigma=x for latency: \"x\" is not a number",
        "lognormal:mean=0s,sigma=1 | Invalid value lognormal:mean=0s,sigma=1 for latency: the mean must be above zero",
    })
    void badLatencySpecsNameTheText(String spec, String message) {
        assertThatThrownBy(() -> Latency.parse(spec)).isInstanceOf(InvalidSettingException.class).hasMessage(message);
    }

    @Test
    void samplesStayInsideTheirShape() {
        SplittableRandom random = new SplittableRandom(1);
        Latency uniform = Latency.parse("uniform:1s-5s");
        assertThat(LongStream.range(0, 10_000).map(i -> uniform.sample(random).toMillis()))
                .allMatch(ms -> ms >= 1000 && ms <= 5000);
        assertThat(Latency.parse("fixed:2s").sample(random)).isEqualTo(Duration.ofSeconds(2));

        Latency logNormal = Latency.parse("lognormal:mean=20s,sigma=0.5");
        double mean = LongStream.range(0, 50_000).map(i -> logNormal.sample(random).toMillis()).average().orElseThrow();
        assertThat(mean).isBetween(19_000.0, 21_000.0);
    }

    @Test
    void faultSpecReadsEveryFault() {
        Faults f = Faults.parse("no-slot=0.05,unsolvable=0.03,http-500=0.03,garbage=0.02,slow=0.01,drop=0.01");
        assertThat(f.share(Fault.NO_SLOT)).isEqualTo(0.05);
        assertThat(f.share(Fault.HTTP_500)).isEqualTo(0.03);
        assertThat(f.share(Fault.DROP)).isEqualTo(0.01);
        assertThat(Faults.parse(f.toString())).isEqualTo(f);
        assertThat(Faults.parse("none").isNone()).isTrue();
        assertThat(Faults.parse("").isNone()).isTrue();
        assertThat(Faults.parse("slow=0").isNone()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "garbage=1.5 | Invalid value 1.5 for fault-garbage: must be between 0 and 1",
        "drop=-0.1 | Invalid value -0.1 for fault-drop: must be between 0 and 1",
        "slow=lots | Invalid value lots for fault-slow: must be a number between 0 and 1",
        "gremlins=0.1 | Invalid value gremlins=0.1 for faults: unknown fault \"gremlins\"; the faults are no-slot, unsolvable, http-500, garbage, slow, drop",
        "garbage | Invalid value garbage for faults: write each fault as name=share, e.g. garbage=0.02, got \"garbage\"",
        "drop=0.1,drop=0.2 | Invalid value drop=0.1,drop=0.2 for faults: fault drop is given twice",
    })
    void badFaultSpecsNameTheText(String spec, String message) {
        assertThatThrownBy(() -> Faults.parse(spec)).isInstanceOf(InvalidSettingException.class).hasMessage(message);
    }

    @Test
    void invalidSettingsNameTheSettingAndTheValue() {
        assertThatThrownBy(() -> SimulatorSettings.builder().pollBudget(0))
                .hasMessage("Invalid value 0 for poll-budget: must be at least 1")
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.setting()).isEqualTo("poll-budget");
                    assertThat(e.value()).isEqualTo("0");
                    assertThat(e.reason()).isEqualTo("must be at least 1");
                });
        assertThatThrownBy(() -> SimulatorSettings.builder().maxConcurrent(-3)).hasMessage("Invalid value -3 for max-concurrent: must be at least 1");
        assertThatThrownBy(() -> SimulatorSettings.builder().balance(-1)).hasMessage("Invalid value -1 for balance: must be at least 0");
        assertThatThrownBy(() -> SimulatorSettings.builder().port(70000)).hasMessage("Invalid value 70000 for port: must be 0 (any free port) to 65535");
        assertThatThrownBy(() -> SimulatorSettings.builder().key(" ")).hasMessage("Invalid value \" \" for key: must not be blank");
        assertThatThrownBy(() -> SimulatorSettings.builder().slowDelay(Duration.ZERO)).hasMessage("Invalid value 0s for slow-delay: must be above zero");
        assertThatThrownBy(() -> Faults.none().with(Fault.GARBAGE, 1.5)).hasMessage("Invalid value 1.5 for fault-garbage: must be between 0 and 1");
    }
}
