package io.captchafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** {@code captcha-fleet simulator} as a user runs it: it serves the legacy API and its counters until SIGTERM. */
class SimulatorProcessIT {

    @Test
    void simulatorAnswersSubmitsAndServesItsCountersUntilTerminated() throws Exception {
        try (JarProcess sim = JarProcess.start("simulator", "--port", "0", "--latency", "fixed:0s", "--seed", "1")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> sim.output().contains("Solver simulator listening at "));
            String line = sim.out().stream().filter(l -> l.startsWith("Solver simulator listening at ")).findFirst().orElseThrow();
            String url = line.substring("Solver simulator listening at ".length(), line.indexOf(' ', "Solver simulator listening at ".length()));
            assertThat(line).endsWith("(tokens are simulated)");
            HttpClient http = HttpClient.newHttpClient();

            String submit = http.send(HttpRequest.newBuilder(URI.create(url + "in.php?key=k&method=userrecaptcha&googlekey=g"
                    + "&pageurl=https://example.test/1&json=1")).build(), HttpResponse.BodyHandlers.ofString()).body();
            String stats = http.send(HttpRequest.newBuilder(URI.create(url + "stats")).build(), HttpResponse.BodyHandlers.ofString()).body();

            assertThat(submit).startsWith("{\"status\":1,\"request\":\"");
            assertThat(stats).contains("\"accepted_submits\":1");
            sim.terminate();
            assertThat(sim.waitFor(Duration.ofSeconds(30))).isIn(0, 143);
        }
    }
}
