package io.captchafleet.producer.export;

import java.io.IOException;
import java.io.Writer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.serde.OutcomeCodec;

/** One outcome record per line, exactly as the results topic carries it (redacted again). */
final class JsonlResultsWriter extends ResultsWriter {
    JsonlResultsWriter(Writer out) {
        super(out);
    }

    @Override
    public void write(Outcome o) throws IOException {
        ObjectNode node = OutcomeCodec.toNode(o);
        if (o.taskData() != null) {
            node.set("task_data", redactedTaskData(o));
        }
        out.write(Json.write(node));
        out.write('\n');
    }
}
