package io.captchafleet.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator calls back a submit that named a URL, when its answer is ready: in the protocol's style or the
 * one asked for, dropped or duplicated by its share, and only ever on loopback; an accepted callback delivers
 * the answer.
 */
class PingbackDeliveryTest {
    /** One callback as a client's server received it. */
    record Received(String method, String contentType, String query, String body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer client;

    @BeforeEach
    void listen() throws IOException {
        client = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        client.createContext("/cb", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                received.add(new Received(ex.getRequestMethod(), ex.getRequestHeaders().getFirst("Content-Type"),
                        ex.getRequestURI().getRawQuery(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        client.start();
    }

    @AfterEach
    void stop() {
        client.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + client.getAddress().getPort() + "/cb";
    }

    private static SolverSimulator simulator(Pingbacks pingbacks) {
        return SolverSimulator.start(SimulatorSettings.builder().latency(Latency.fixed(Duration.ofMillis(50))).pingbacks(pingbacks).seed(9)
                .build());
    }

    @Test
    void aLegacySubmitIsCalledBackWithAFormPostOfItsIdAndTokenAndThatDeliversTheAnswer() {
        try (SolverSimulator sim = simulator(Pingbacks.RELIABLE)) {
            ApiClient api = new ApiClient(sim);
            String id = ApiClient.json(api.get("in.php", "key", ApiClient.KEY, "method", "userrecaptcha", "googlekey", "6Le-k",
                    "pageurl", "https://site.example/1", "json", "1", "pingback", url())).path("request").asText();

            await().atMost(Duration.ofSeconds(10)).until(() -> sim.stats().pingbacksDelivered() == 1);
            Received r = received.get(0);
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.contentType()).isEqualTo("application/x-www-form-urlencoded");
            assertThat(r.body()).matches("id=" + id + "&code=SIMULATED\\." + id + "\\..+");
            assertThat(sim.stats().solved()).as("the callback delivered the token").isEqualTo(1);
            assertThat(sim.stats().resultRequests()).isZero();
            assertThat(sim.readyAt(id)).isPresent();
        }
    }

    @Test
    void aJsonSubmitIsCalledBackWithJsonAndTheGetStyleWithAQuery() {
        try (SolverSimulator sim = simulator(Pingbacks.RELIABLE)) {
            ApiClient api = new ApiClient(sim);
            Map<String, Object> body = ApiClient.createTask(Map.of("type", "RecaptchaV2TaskProxyless", "websiteURL", "https://site.example/2",
                    "websiteKey", "6Le-k"));
            body.put("callbackUrl", url());
            String id = ApiClient.json(api.postJson("createTask", body)).path("taskId").asText();
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
            sim.setPingbacks(Pingbacks.RELIABLE.withStyle(Pingbacks.Style.GET));
            String second = ApiClient.json(api.get("in.php", "key", ApiClient.KEY, "method", "userrecaptcha", "googlekey", "6Le-k",
                    "pageurl", "https://site.example/3", "json", "1", "pingback", url())).path("request").asText();
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);

            assertThat(received.get(0).contentType()).isEqualTo("application/json");
            assertThat(received.get(0).body()).startsWith("{\"id\":\"" + id + "\",\"code\":\"SIMULATED." + id + ".");
            assertThat(received.get(1).method()).isEqualTo("GET");
            assertThat(received.get(1).query()).startsWith("id=" + second + "&code=SIMULATED." + second + ".");
        }
    }

    @Test
    void droppedAndDuplicatedCallbacksAreCountedAndAUrlOffLoopbackIsNeverCalled() {
        try (SolverSimulator sim = simulator(Pingbacks.RELIABLE.withDropShare(1))) {
            ApiClient api = new ApiClient(sim);
            for (int i = 0; i < 3; i++) {
                api.submitRecaptchaId("https://site.example/drop/" + i);
            }
            api.get("in.php", "key", ApiClient.KEY, "method", "userrecaptcha", "googlekey", "6Le-k", "pageurl", "https://site.example/d/1",
                    "json", "1", "pingback", url());
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.stats().pingbacksDropped() == 1);

            sim.setPingbacks(Pingbacks.RELIABLE.withDuplicateShare(1));
            api.get("in.php", "key", ApiClient.KEY, "method", "userrecaptcha", "googlekey", "6Le-k", "pageurl", "https://site.example/d/2",
                    "json", "1", "pingback", url());
            api.get("in.php", "key", ApiClient.KEY, "method", "userrecaptcha", "googlekey", "6Le-k", "pageurl", "https://site.example/d/3",
                    "json", "1", "pingback", "http://captcha.example.com/cb");
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.stats().pingbacksDelivered() == 2);

            SimulatorStats s = sim.stats();
            assertThat(received).hasSize(2);
            assertThat(s.pingbacksDuplicated()).isEqualTo(1);
            assertThat(s.pingbacksSent()).isEqualTo(2);
            assertThat(s.pingbacksRefused()).isEqualTo(1);
            assertThat(s.solved()).as("a duplicate delivers the token once").isEqualTo(1);
        }
    }

    @Test
    void pingbackSettingsAreCheckedByName() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Pingbacks.RELIABLE.withDropShare(1.5))
                .isInstanceOf(InvalidSettingException.class).hasMessage("Invalid value 1.5 for pingback-drop: must be a share from 0 to 1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Pingbacks.Style.parse("xml")).isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid value xml for pingback-style: must be one of protocol, form, json, get");
    }
}
