package io.captchafleet.sandbox.simulator.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Replies that are not the API's, as real solver front ends produce them on a bad day: a proxy's
 * HTML error page, truncated JSON, a CDN's challenge page, stray text, nothing at all.
 */
final class BrokenReplies {
    private static final Reply SERVER_ERROR = Reply.html(500,
            "<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n"
            + "<center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>nginx (simulated)</center>\r\n</body>\r\n</html>\r\n");

    private static final List<Reply> GARBAGE = List.of(
            new Reply(200, Reply.JSON, "{\"status\":1,\"requ".getBytes(StandardCharsets.UTF_8), List.of()),
            Reply.html(200, "<!DOCTYPE html><html><head><title>Just a moment...</title></head>"
                    + "<body><p>Checking your browser before accessing the solver (simulated).</p></body></html>"),
            Reply.text(200, "upstream connect error or disconnect/reset before headers. reset reason: overflow (simulated)"),
            Reply.text(200, ""));

    private BrokenReplies() {
    }

    /** HTTP 500 with an HTML page. */
    static Reply serverError() {
        return SERVER_ERROR;
    }

    /** HTTP 200 with a body no client can parse as the API's: truncated JSON, HTML, text, or empty. */
    static Reply garbage(int variant) {
        return GARBAGE.get(Math.floorMod(variant, GARBAGE.size()));
    }
}
