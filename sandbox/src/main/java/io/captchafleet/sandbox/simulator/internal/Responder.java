package io.captchafleet.sandbox.simulator.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends replies: at once, later (the slow fault: from the scheduler thread, never by sleeping in a
 * handler), or never (the drop fault: the connection is closed without a byte). Thread-safe; an
 * exchange may be completed from any thread.
 */
final class Responder {
    private static final Logger log = LoggerFactory.getLogger(Responder.class);

    private final ScheduledExecutorService scheduler;

    Responder(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Sends the reply and runs its hooks. The hooks run once the headers are out and before the body's
     * last byte, so that a client reading {@code /stats} right after its answer finds it counted. A
     * reply written into a connection the client has just abandoned still counts: no server can tell.
     */
    void send(HttpExchange exchange, Reply reply) {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            byte[] body = reply.body();
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            reply.onSent().forEach(Runnable::run);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            // The client went away (a time-out on a slow reply, typically).
            log.debug("Reply to {} {} not delivered: {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e.toString());
        }
    }

    void sendAfter(HttpExchange exchange, Reply reply, Duration delay) {
        try {
            scheduler.schedule(() -> send(exchange, reply), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closing: the reply would have come after the end anyway.
            drop(exchange);
        }
    }

    /** Closes the connection without an answer: before any header is sent, closing the exchange closes the socket. */
    void drop(HttpExchange exchange) {
        exchange.close();
    }
}
