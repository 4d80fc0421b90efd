package io.captchafleet.producer.input;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A JSON array of task objects; a task without an {@code id} gets its 1-based element number. */
final class JsonArrayReader implements TaskReader {
    private final JsonArrayElements elements;

    JsonArrayReader(InputStream in) throws IOException {
        this.elements = new JsonArrayElements(in);
    }

    @Override
    public InputTask next() throws IOException {
        JsonArrayElements.Element e = elements.nextObject("a JSON object");
        if (e == null || e.problem() != null) {
            return e == null ? null : InputTask.unreadable(e.line(), e.number(), e.problem());
        }
        return TaskIdentity.task(e.line(), e.number(), e.number(), (ObjectNode) e.node());
    }

    @Override
    public void close() throws IOException {
        elements.close();
    }
}
