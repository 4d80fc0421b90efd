package io.captchafleet.worker.pingback;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.captchafleet.worker.solver.Pingback;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /pingback/<secret>} on the worker's HTTP port: a callback whose path does not carry the
 * fleet's secret is refused (403), one over {@value #MAX_BODY_BYTES} bytes too (413), one that names no
 * solver id is malformed (400); the rest are published to the pingbacks topic and answered 200 once the
 * broker has them (503 when it cannot, so the provider tries again). Whichever worker receives a callback,
 * the one that holds the solver id applies it. The path is never logged (it holds the secret).
 * Metric: {@code captcha_fleet_pingbacks_received_total{result}}. Thread-safe.
 */
final class PingbackReceiver implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(PingbackReceiver.class);
    /** A callback is an id and a token: a few KB is plenty, and more is refused unread. */
    static final int MAX_BODY_BYTES = 4096;
    private static final long PUBLISH_WAIT_S = 10;

    /** Where a received callback goes: the pingbacks topic, keyed by solver id. */
    @FunctionalInterface
    interface Publisher {
        CompletableFuture<Void> publish(PingbackRecord callback);
    }

    private final Pingback pingback;
    private final Publisher publisher;
    private final String worker;
    private final Clock clock;
    private final MeterRegistry registry;

    PingbackReceiver(Pingback pingback, Publisher publisher, String worker, Clock clock, MeterRegistry registry) {
        this.pingback = pingback;
        this.publisher = publisher;
        this.worker = worker;
        this.clock = clock;
        this.registry = registry;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getRawPath();
            if (path == null || !path.startsWith(Pingback.PATH) || !pingback.accepts(path.substring(Pingback.PATH.length()))) {
                log.warn("Refused a callback from {}: not the fleet's pingback secret", ex.getRemoteAddress().getAddress());
                respond(ex, 403, "forbidden", "forbidden");
                return;
            }
            if (!ex.getRequestMethod().equals("POST") && !ex.getRequestMethod().equals("GET")) {
                respond(ex, 405, "not_allowed", "use GET or POST");
                return;
            }
            byte[] body = readLimited(ex);
            if (body == null) {
                respond(ex, 413, "too_large", "a callback is at most " + MAX_BODY_BYTES + " bytes");
                return;
            }
            CallbackForm form = CallbackForm.parse(ex.getRequestURI().getRawQuery(), ex.getRequestHeaders().getFirst("Content-Type"), body);
            if (form.id() == null) {
                respond(ex, 400, "malformed", "no id");
                return;
            }
            publish(ex, new PingbackRecord(form.id(), form.code(), clock.instant(), worker));
        } finally {
            ex.close();
        }
    }

    private void publish(HttpExchange ex, PingbackRecord callback) throws IOException {
        try {
            publisher.publish(callback).get(PUBLISH_WAIT_S, TimeUnit.SECONDS);
            respond(ex, 200, "accepted", "OK");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respond(ex, 503, "unavailable", "try again");
        } catch (ExecutionException | TimeoutException e) {
            log.warn("A callback for solver id {} could not be published ({}); answered 503 so the provider tries again",
                    callback.solverId(), e instanceof ExecutionException ? e.getCause().toString() : "no answer from Kafka");
            respond(ex, 503, "unavailable", "try again");
        }
    }

    /** The body, or null when it is longer than {@value #MAX_BODY_BYTES} bytes (the rest is never read). */
    private static byte[] readLimited(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > MAX_BODY_BYTES) {
                    return null;
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? null : body;
        }
    }

    private void respond(HttpExchange ex, int status, String result, String text) throws IOException {
        Counter.builder("captcha_fleet.pingbacks.received").tag("result", result)
                .description("Provider callbacks received on this worker's HTTP port, by what became of them").register(registry)
                .increment();
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
