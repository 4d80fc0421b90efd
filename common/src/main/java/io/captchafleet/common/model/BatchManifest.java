package io.captchafleet.common.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * What the batches topic holds per batch: how many tasks it has and which content, so that a second
 * submit of the same file publishes nothing and other content under the same id is refused.
 *
 * @param batch       the batch id, also the record key
 * @param total       number of tasks
 * @param contentHash SHA-256 (hex) of the canonical task list
 * @param source      where the tasks came from (file name or {@code -})
 * @param createdAt   when the batch was first submitted
 * @param generation  the batch's newest generation (raised by {@code retry-failed})
 * @param maxSpend    the spend cap given at submit ({@code --max-spend}), or null; a CAP fleet event overrides it
 */
public record BatchManifest(String batch, long total, String contentHash, String source, Instant createdAt, int generation,
                            BigDecimal maxSpend) {

    public BatchManifest {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(contentHash, "contentHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The same batch at another generation ({@code retry-failed}). */
    public BatchManifest withGeneration(int next) {
        return new BatchManifest(batch, total, contentHash, source, createdAt, next, maxSpend);
    }
}
