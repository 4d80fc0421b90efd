package io.captchafleet.sandbox.simulator.internal;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one JSON mapper. {@code ObjectMapper} is thread-safe once configured. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
