package io.captchafleet.producer.submit;

import java.time.Duration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.serde.Json;

/**
 * What {@code submit} did.
 *
 * @param batch            the batch id
 * @param total            entries in the file
 * @param tasks            tasks published to the tasks topic
 * @param solved           checkpoint entries published as solved outcomes
 * @param rejected         invalid entries (nothing is published when there are any)
 * @param alreadySubmitted the same content was submitted to this batch before: nothing was published
 * @param elapsed          wall time of the whole command
 */
public record SubmitResult(String batch, long total, long tasks, long solved, long rejected, boolean alreadySubmitted, Duration elapsed) {

    /**
     * {@code submit --json}: {@code batch}, {@code total} (entries in the file), {@code published_tasks},
     * {@code published_solved} (checkpoint entries already solved), {@code rejected}, {@code already_submitted}
     * and {@code seconds}.
     */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("batch", batch);
        o.put("total", total);
        o.put("published_tasks", tasks);
        o.put("published_solved", solved);
        o.put("rejected", rejected);
        o.put("already_submitted", alreadySubmitted);
        o.put("seconds", elapsed.toMillis() / 1000.0);
        return o;
    }

    /** The summary line printed at the end. */
    public String summary() {
        String seconds = String.format(java.util.Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0);
        if (alreadySubmitted) {
            return "Batch \"" + batch + "\" already submitted with the same " + total + " tasks; nothing was published ("
                    + seconds + ").";
        }
        return "Submitted batch \"" + batch + "\": " + (tasks + solved) + " published (" + tasks + " tasks"
                + (solved > 0 ? ", " + solved + " already solved" : "") + "), " + rejected + " rejected, " + seconds + ".";
    }
}
