package io.captchafleet.worker.pingback;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.captchafleet.common.metrics.MetricsSetup;
import io.captchafleet.worker.http.StatusServer;
import io.captchafleet.worker.solver.LogCapture;
import io.captchafleet.worker.solver.Pingback;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The callback endpoint on a real HTTP port: what it refuses, what it publishes, and that it never logs its path. */
class PingbackReceiverTest {
    private static final String SECRET = "receiver-secret-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final PrometheusMeterRegistry registry = MetricsSetup.prometheus(List.of());
    private final List<PingbackRecord> published = new CopyOnWriteArrayList<>();
    private volatile boolean kafkaDown;
    private StatusServer server;

    @BeforeEach
    void start() {
        Pingback pingback = Pingback.of(URI.create("https://captcha.example.test/pingback"), SECRET, Duration.ofSeconds(30));
        PingbackReceiver receiver = new PingbackReceiver(pingback, r -> {
            if (kafkaDown) {
                return CompletableFuture.failedFuture(new org.apache.kafka.common.errors.TimeoutException("no broker"));
            }
            published.add(r);
            return CompletableFuture.completedFuture(null);
        }, "w-1", Clock.systemUTC(), registry);
        server = StatusServer.start("127.0.0.1", 0, registry, () -> null, () -> null, Map.of(Pingback.PATH, receiver));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String path, HttpRequest.BodyPublisher body, String contentType, String method) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).method(method, body);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String contentType) throws Exception {
        return send(path, HttpRequest.BodyPublishers.ofString(body), contentType, "POST");
    }

    private double received(String result) {
        var c = registry.find("captcha_fleet.pingbacks.received").tag("result", result).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void theThreeStylesOfCallbackArePublishedWithTheirIdAndCode() throws Exception {
        String path = Pingback.PATH + SECRET;
        assertThat(post(path, "id=7000000001&code=03AGdBq24", "application/x-www-form-urlencoded").statusCode()).isEqualTo(200);
        assertThat(post(path, "{\"id\":7000000002,\"code\":\"tok-2\"}", "application/json").statusCode()).isEqualTo(200);
        assertThat(post(path, "{\"taskId\":\"c4b1\",\"solution\":{\"gRecaptchaResponse\":\"tok-3\"}}", "application/json").statusCode())
                .isEqualTo(200);
        assertThat(send(path + "?id=7000000004&code=tok%2B4", HttpRequest.BodyPublishers.noBody(), null, "GET").statusCode()).isEqualTo(200);

        assertThat(published).extracting(PingbackRecord::solverId, PingbackRecord::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple("7000000001", "03AGdBq24"), org.assertj.core.groups.Tuple.tuple("7000000002", "tok-2"),
                org.assertj.core.groups.Tuple.tuple("c4b1", "tok-3"), org.assertj.core.groups.Tuple.tuple("7000000004", "tok+4"));
        assertThat(published).allSatisfy(r -> assertThat(r.worker()).isEqualTo("w-1"));
        assertThat(received("accepted")).isEqualTo(4);
    }

    @Test
    void aForgedOversizedOrMalformedCallbackIsRefusedCountedAndNeverLogsThePath() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            HttpResponse<String> forged = post(Pingback.PATH + "guessed-secret-000000", "id=1&code=x", "application/x-www-form-urlencoded");
            HttpResponse<String> noSecret = post(Pingback.PATH, "id=1&code=x", "application/x-www-form-urlencoded");
            HttpResponse<String> longer = post(Pingback.PATH + SECRET + "x", "id=1&code=x", "application/x-www-form-urlencoded");
            HttpResponse<String> oversized = post(Pingback.PATH + SECRET, "id=1&code=" + "x".repeat(PingbackReceiver.MAX_BODY_BYTES),
                    "application/x-www-form-urlencoded");
            HttpResponse<String> noId = post(Pingback.PATH + SECRET, "code=x", "application/x-www-form-urlencoded");
            HttpResponse<String> put = send(Pingback.PATH + SECRET, HttpRequest.BodyPublishers.ofString("id=1"), null, "PUT");

            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(noSecret.statusCode()).isEqualTo(403);
            assertThat(longer.statusCode()).isEqualTo(403);
            assertThat(oversized.statusCode()).isEqualTo(413);
            assertThat(noId.statusCode()).isEqualTo(400);
            assertThat(put.statusCode()).isEqualTo(405);
            assertThat(published).isEmpty();
            assertThat(received("forbidden")).isEqualTo(3);
            assertThat(received("too_large")).isEqualTo(1);
            assertThat(received("malformed")).isEqualTo(1);
            assertThat(logs.lines()).anyMatch(l -> l.startsWith("Refused a callback from /127.0.0.1: not the fleet's pingback secret"))
                    .noneMatch(l -> l.contains(SECRET) || l.contains("guessed-secret"));
            assertThat(registry.scrape()).doesNotContain(SECRET);
        }
    }

    @Test
    void aCallbackThatCannotBePublishedIsAnswered503SoTheProviderTriesAgain() throws Exception {
        kafkaDown = true;
        HttpResponse<String> r = post(Pingback.PATH + SECRET, "id=9&code=tok", "application/x-www-form-urlencoded");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(received("unavailable")).isEqualTo(1);
    }

    @Test
    void theSecretIsMaskedInTheSettingsTextAndOnlyItsExactValueIsAccepted() throws IOException {
        Pingback p = Pingback.of(URI.create("https://captcha.example.test/pingback/"), SECRET, Duration.ofSeconds(5));
        assertThat(p.toString()).isEqualTo("Pingback[https://captcha.example.test/pingback/***, grace 5 s]");
        assertThat(p.registeredUrl()).isEqualTo("https://captcha.example.test/pingback/" + SECRET);
        assertThat(p.accepts(SECRET)).isTrue();
        assertThat(p.accepts(SECRET.substring(1))).isFalse();
        assertThat(p.accepts(null)).isFalse();
    }
}
