package io.captchafleet.sandbox.simulator.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * One HTTP answer, with what to count once it is being sent (a token counts as delivered only then:
 * a dropped reply delivers nothing).
 */
record Reply(int status, String contentType, byte[] body, List<Runnable> onSent) {
    static final String TEXT = "text/plain; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";
    static final String JSON = "application/json";

    Reply {
        onSent = List.copyOf(onSent);
    }

    static Reply text(int status, String text) {
        return new Reply(status, TEXT, text.getBytes(StandardCharsets.UTF_8), List.of());
    }

    static Reply html(int status, String html) {
        return new Reply(status, HTML, html.getBytes(StandardCharsets.UTF_8), List.of());
    }

    static Reply json(Object value) {
        try {
            return new Reply(200, JSON, Json.MAPPER.writeValueAsBytes(value), List.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the simulator's own answers always serialise", e);
        }
    }

    /** The same reply, with these hooks to run once it is sent. */
    Reply whenSent(List<Runnable> hooks) {
        List<Runnable> all = new ArrayList<>(onSent);
        all.addAll(hooks);
        return new Reply(status, contentType, body, all);
    }
}
