package io.captchafleet.worker.solver.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

import io.captchafleet.common.errors.TransportFailure;
import io.captchafleet.worker.solver.ApiKey;

/**
 * Sends one request and turns whatever happens into a {@link Response}: a status and body, or a typed
 * {@link Answer.TransportError}. The returned future never completes exceptionally, so no failure escapes
 * as an uncaught exception. Thread-safe.
 *
 * <p>Each request is a blocking {@link HttpClient#send} on one of the solver's HTTP threads, not {@code
 * sendAsync}: the JDK client completes every {@code sendAsync} future through the common pool's executor, and
 * where that pool has a single thread (two cores) that executor starts a new thread per response. The
 * requests on the wire are bounded (the submit limit, the concurrent polls), and so are these threads.
 */
final class HttpTransport {
    private final HttpClient client;
    private final Executor callers;
    private final ApiKey key;
    private final ProviderText text;
    private final Clock clock;

    /** @param callers the threads that wait for the answers (a cached pool: one per request on the wire) */
    HttpTransport(HttpClient client, Executor callers, ApiKey key, Clock clock) {
        this.client = client;
        this.callers = callers;
        this.key = key;
        this.text = new ProviderText(key);
        this.clock = clock;
    }

    /** How the protocols read what came back: every string through here, with the key masked. */
    ProviderText text() {
        return text;
    }

    /** What came back: a response with its body, or a failure below HTTP. */
    sealed interface Response permits Received, Failed {
    }

    /** A response arrived. {@code retryAfter} is the Retry-After header's wait, or zero. */
    record Received(int status, String body, Duration retryAfter) implements Response {
        boolean success() {
            return status >= 200 && status < 300;
        }
    }

    /** No response. */
    record Failed(Answer.TransportError error) implements Response {
    }

    CompletableFuture<Response> send(HttpRequest request) {
        try {
            return CompletableFuture.supplyAsync(() -> exchange(request), callers);
        } catch (RuntimeException e) { // e.g. the executor is shut down while closing
            return CompletableFuture.completedFuture(new Failed(failure(e, request)));
        }
    }

    private Response exchange(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
            return new Failed(failure(e, request));
        } catch (IOException | RuntimeException e) {
            return new Failed(failure(e, request));
        }
        String body = response.body() == null ? "" : response.body();
        return new Received(response.statusCode(), body, retryAfter(response));
    }

    /** The transport error for a response that is not the API's answer: its status and a body excerpt. */
    Answer.TransportError notTheApi(Received r) {
        TransportFailure failure;
        if (r.status() == 429) {
            failure = TransportFailure.HTTP_429;
        } else if (r.status() >= 500) {
            failure = TransportFailure.HTTP_5XX;
        } else if (r.success()) {
            failure = TransportFailure.BAD_RESPONSE;
        } else {
            failure = TransportFailure.HTTP_STATUS;
        }
        return new Answer.TransportError(failure, r.status(), "HTTP " + r.status() + ", body: " + text.excerpt(r.body()),
                r.retryAfter(), false);
    }

    /** The JDK's exception messages are the other text that comes in from outside: masked here. */
    private Answer.TransportError failure(Throwable error, HttpRequest request) {
        Throwable cause = unwrap(error);
        String what = key.scrub(cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        if (cause instanceof HttpConnectTimeoutException) {
            return new Answer.TransportError(TransportFailure.NETWORK, 0, "could not connect (" + what + ")", Duration.ZERO, false);
        }
        if (cause instanceof HttpTimeoutException) {
            String after = request.timeout().map(t -> " after " + t.toMillis() + " ms").orElse("");
            return new Answer.TransportError(TransportFailure.REQUEST_TIMEOUT, 0, "no reply" + after, Duration.ZERO, true);
        }
        if (cause instanceof ConnectException || cause instanceof UnknownHostException || cause instanceof NoRouteToHostException
                || cause instanceof UnresolvedAddressException) {
            return new Answer.TransportError(TransportFailure.NETWORK, 0, "could not connect (" + what + ")", Duration.ZERO, false);
        }
        // Any other I/O failure happened once the connection was up: the request may have been read.
        boolean sent = cause instanceof IOException;
        return new Answer.TransportError(TransportFailure.NETWORK, 0, "connection failed (" + what + ")", Duration.ZERO, sent);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(this::parseRetryAfter).orElse(Duration.ZERO);
    }

    /** Retry-After is delta-seconds or an HTTP date; anything else means no wait was asked for. */
    private Duration parseRetryAfter(String value) {
        String v = value.strip();
        try {
            long seconds = Long.parseLong(v);
            return seconds > 0 ? Duration.ofSeconds(seconds) : Duration.ZERO;
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(clock.instant(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notADate) {
                return Duration.ZERO;
            }
        }
    }
}
