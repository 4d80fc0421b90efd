package io.captchafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;

import io.captchafleet.common.InputException;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code local}'s parts on one state directory: the simulator starts beside the broker, and a second fleet on a
 * directory in use is refused with the broker's reason while the first keeps running, its simulator untouched.
 */
class LocalFleetTest {

    @Test
    void aSecondFleetOnAStateDirectoryInUseIsRefusedWithTheBrokersReasonAndTheFirstKeepsServing(@TempDir Path dir) throws Exception {
        SimulatorSettings sim = SimulatorSettings.builder().stateDir(dir.resolve(LocalSolver.SIMULATOR_DIR)).build();
        try (LocalFleet first = LocalFleet.start(dir, "local", Optional.of(sim))) {
            URI stats = first.simulator().orElseThrow().baseUrl().resolve("stats");

            assertThatThrownBy(() -> LocalFleet.start(dir, "local", Optional.of(sim)))
                    .isInstanceOf(InputException.class)
                    .hasMessage("Invalid value " + dir + " for --state-dir: Another captcha-fleet broker is already using " + dir
                            + " (at " + first.bootstrapServers() + "); stop it or use another directory");

            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(stats).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(first.simulatorStats()).isPresent();
        }
    }
}
