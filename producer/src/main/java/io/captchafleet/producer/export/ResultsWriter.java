package io.captchafleet.producer.export;

import java.io.IOException;
import java.io.Writer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.redact.Redactor;

/**
 * Writes exported outcomes in one format. Task data passes through the {@link Redactor} again on the
 * way out, whatever the worker already did. Used from one thread; {@link #finish()} completes the
 * document (the checkpoint's closing bracket) without closing the underlying writer.
 */
public abstract class ResultsWriter {
    protected final Writer out;

    protected ResultsWriter(Writer out) {
        this.out = out;
    }

    public static ResultsWriter of(ExportFormat format, Writer out) throws IOException {
        switch (format) {
            case CSV:
                return new CsvResultsWriter(out);
            case CHECKPOINT:
                return new CheckpointResultsWriter(out);
            default:
                return new JsonlResultsWriter(out);
        }
    }

    public abstract void write(Outcome o) throws IOException;

    /** Ends the document and flushes. */
    public void finish() throws IOException {
        out.flush();
    }

    protected static ObjectNode redactedTaskData(Outcome o) {
        return Redactor.redact(o.taskData());
    }
}
