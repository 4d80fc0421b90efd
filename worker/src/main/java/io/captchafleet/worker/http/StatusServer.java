package io.captchafleet.worker.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The worker's one small HTTP port: {@code /metrics} (Prometheus text), {@code /health} (the process's
 * loops run) and {@code /ready} (caught up with the fleet state and partitions restored), and with callbacks
 * on, {@code /pingback/<secret>}. Liveness and readiness answer 200 or 503 with a one-line reason.
 * Thread-safe; served by a few daemon threads.
 */
public final class StatusServer implements AutoCloseable {
    /** A probe: null when fine, else the reason it is not. */
    public interface Probe extends Supplier<String> {
    }

    /** Room for a burst of callbacks: the JDK's default backlog is small. */
    private static final int BACKLOG = 256;

    private final HttpServer server;
    private final ExecutorService executor;

    private StatusServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * @param host where to listen: {@code 0.0.0.0} in containers (Prometheus scrapes from outside), loopback locally
     * @param port 0 for any free port
     */
    public static StatusServer start(String host, int port, PrometheusMeterRegistry registry, Probe health, Probe ready) {
        return start(host, port, registry, health, ready, Map.of());
    }

    /**
     * The same, serving also {@code more}: a handler per path prefix (the provider's callbacks at
     * {@code /pingback/}, when they are on).
     */
    public static StatusServer start(String host, int port, PrometheusMeterRegistry registry, Probe health, Probe ready,
                                     Map<String, HttpHandler> more) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), BACKLOG);
            // A few threads: a callback waits for the broker's acknowledgement before it is answered.
            ExecutorService executor = Executors.newFixedThreadPool(more.isEmpty() ? 2 : 8, r -> {
                Thread t = new Thread(r, "status-http");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
            server.createContext("/health", ex -> probe(ex, health));
            server.createContext("/ready", ex -> probe(ex, ready));
            more.forEach(server::createContext);
            server.start();
            return new StatusServer(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + host + ":" + port + " for /metrics: " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void probe(HttpExchange ex, Probe probe) throws IOException {
        String problem = probe.get();
        respond(ex, problem == null ? 200 : 503, "text/plain; charset=utf-8", problem == null ? "ok\n" : problem + "\n");
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
