package io.captchafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code captcha-fleet simulator} as a user runs it: it serves the legacy API and its counters until
 * SIGTERM, and with {@code --data-dir} remembers its tasks across a SIGKILL.
 */
class SimulatorProcessIT {
    private static final String LISTENING = "Solver simulator listening at ";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void simulatorAnswersSubmitsAndServesItsCountersUntilTerminated() throws Exception {
        try (JarProcess sim = JarProcess.start("simulator", "--port", "0", "--latency", "fixed:0s", "--seed", "1")) {
            String url = url(sim);

            String submit = get(url + "in.php?key=k&method=userrecaptcha&googlekey=g&pageurl=https://example.test/1&json=1");
            String stats = get(url + "stats");

            assertThat(submit).startsWith("{\"status\":1,\"request\":\"");
            assertThat(stats).contains("\"accepted_submits\":1");
            sim.terminate();
            assertThat(sim.waitFor(Duration.ofSeconds(30))).isIn(0, 143);
        }
    }

    @Test
    void withADataDirASimulatorStartedAgainAnswersForTheIdsItIssuedBeforeItWasKilled(@TempDir Path dir) throws Exception {
        String id;
        try (JarProcess first = JarProcess.start("simulator", "--port", "0", "--latency", "fixed:0s", "--data-dir", dir.toString())) {
            String submit = get(url(first) + "in.php?key=k&method=turnstile&sitekey=s&pageurl=https://example.test/kept&json=1");
            id = submit.replaceAll(".*\"request\":\"(\\d+)\".*", "$1");
            first.kill();
            first.waitFor(Duration.ofSeconds(30));
        }
        try (JarProcess second = JarProcess.start("simulator", "--port", "0", "--data-dir", dir.toString())) {
            String url = url(second);

            assertThat(get(url + "res.php?key=k&action=get&json=1&id=" + id)).startsWith("{\"status\":1,\"request\":\"SIMULATED." + id + ".");
            assertThat(get(url + "stats")).contains("\"accepted_submits\":1,");
            second.terminate();
            second.waitFor(Duration.ofSeconds(30));
        }
    }

    /** The base URL from the banner, once the simulator listens. */
    private static String url(JarProcess sim) {
        await().atMost(Duration.ofSeconds(60)).until(() -> sim.output().contains(LISTENING));
        String line = sim.out().stream().filter(l -> l.startsWith(LISTENING)).findFirst().orElseThrow();
        assertThat(line).endsWith("(tokens are simulated)");
        return line.substring(LISTENING.length(), line.indexOf(' ', LISTENING.length()));
    }

    private String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
