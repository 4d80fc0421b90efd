package io.captchafleet.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SimulatorStats;
import io.captchafleet.sandbox.simulator.SolverSimulator;
import org.junit.jupiter.api.Test;

/** The makespan scenario's baseline solves a task the way the seed script does: one submit, a poll every 5 s. */
class NaiveClientTest {

    @Test
    void aTaskIsSubmittedOnceAndPolledAfterFiveSecondsAsTheSeedScriptDoes() throws Exception {
        try (SolverSimulator sim = SolverSimulator.start(SimulatorSettings.builder().latency(Latency.fixed(Duration.ofMillis(100)))
                .seed(1).build())) {
            NaiveClient client = new NaiveClient(sim.baseUrl(), "any-key");

            NaiveClient.Ending ending = client.solve("6Le-key", "https://example.test/naive/1");

            SimulatorStats stats = sim.stats();
            assertThat(ending).isEqualTo(NaiveClient.Ending.SOLVED);
            assertThat(stats.acceptedSubmits()).isEqualTo(1);
            assertThat(stats.resultRequests()).as("one poll, after the script's 5 s sleep").isEqualTo(1);
            assertThat(stats.requestsTotal()).isEqualTo(2);
        }
    }
}
