package io.captchafleet.sandbox.simulator.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.sun.net.httpserver.HttpExchange;

/**
 * One HTTP request, read in full (the body must be read before replying, or a kept-alive
 * connection breaks).
 *
 * @param params the query string, plus the body when it is an urlencoded form
 */
record Request(String method, String path, Params params, byte[] body) {

    static Request read(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        boolean form = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
        Params params = Params.parse(exchange.getRequestURI().getRawQuery(), form ? new String(body, StandardCharsets.ISO_8859_1) : null);
        return new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), params, body);
    }
}
