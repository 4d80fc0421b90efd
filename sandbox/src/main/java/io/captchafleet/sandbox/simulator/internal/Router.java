package io.captchafleet.sandbox.simulator.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.captchafleet.sandbox.simulator.Fault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP edge: reads each request, draws its faults, and either answers broken at once (HTTP 500,
 * garbage: the request has no effect, a submit is not billed) or lets the endpoint handle it and then
 * sends the reply normally, late (slow) or not at all (drop). Runs on the server's pool; thread-safe.
 */
final class Router implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(Router.class);

    private final Map<String, Endpoint> endpoints;
    private final Counters counters;
    private final FaultDice faultDice;
    private final Responder responder;
    private final Duration slowDelay;

    Router(Simulation simulation, Responder responder, Duration slowDelay) {
        this.endpoints = simulation.endpoints();
        this.counters = simulation.counters();
        this.faultDice = simulation.faultDice();
        this.responder = responder;
        this.slowDelay = slowDelay;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            Request request = Request.read(exchange);
            Endpoint endpoint = endpoints.get(request.path());
            if (endpoint == null) {
                responder.send(exchange, Reply.text(404, "No such endpoint: " + request.path()));
            } else if (!endpoint.api()) {
                responder.send(exchange, endpoint.handler().handle(request, FaultDraw.NONE));
            } else {
                serveApi(exchange, request, endpoint);
            }
        } catch (IOException | RuntimeException e) {
            // A bug of the simulator, or a client that vanished mid-request: never let it kill the server thread.
            log.warn("Simulator failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            responder.send(exchange, Reply.text(500, "simulator error: " + e));
        }
    }

    private void serveApi(HttpExchange exchange, Request request, Endpoint endpoint) {
        counters.requestsTotal.increment();
        FaultDraw faults = faultDice.roll();
        Optional<Fault> transport = faults.transportFault();
        if (transport.isEmpty()) {
            responder.send(exchange, endpoint.handler().handle(request, faults));
            return;
        }
        Fault fault = transport.get();
        counters.faultInjected(fault);
        switch (fault) {
            case HTTP_500:
            case GARBAGE:
                // The front end failed before the solver saw the request: nothing happened, nothing is billed.
                if (endpoint.submit()) {
                    counters.rejectedSubmits.increment();
                }
                responder.send(exchange, fault == Fault.HTTP_500 ? BrokenReplies.serverError() : BrokenReplies.garbage(faults.garbageVariant()));
                break;
            case DROP: {
                // The request took effect (a submit is billed); only its reply is lost.
                endpoint.handler().handle(request, faults);
                if (endpoint.submit()) {
                    counters.droppedSubmitReplies.increment();
                }
                responder.drop(exchange);
                break;
            }
            default: {
                Reply reply = endpoint.handler().handle(request, faults);
                if (endpoint.submit()) {
                    counters.slowSubmitReplies.increment();
                }
                responder.sendAfter(exchange, reply, slowDelay);
                break;
            }
        }
    }
}
