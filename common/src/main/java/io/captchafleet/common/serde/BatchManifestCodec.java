package io.captchafleet.common.serde;

import io.captchafleet.common.model.BatchManifest;

/** JSON form of a {@link BatchManifest} (batches topic). Stateless and thread-safe. */
public final class BatchManifestCodec {
    private static final String WHAT = "batch manifest";

    private BatchManifestCodec() {
    }

    public static byte[] write(BatchManifest m) {
        return new RecordWriter()
                .put("batch", m.batch())
                .put("total", m.total())
                .put("content_hash", m.contentHash())
                .put("source", m.source())
                .put("created_at", m.createdAt())
                .put("generation", m.generation())
                .put("max_spend", m.maxSpend())
                .bytes();
    }

    /** @throws RecordFormatException naming the field that is missing or wrong */
    public static BatchManifest read(byte[] bytes) {
        StrictObject o = StrictObject.parseVersioned(bytes, WHAT);
        return new BatchManifest(
                o.requiredText("batch"),
                o.requiredLong("total", 0),
                o.requiredText("content_hash"),
                o.optionalText("source"),
                o.requiredInstant("created_at"),
                o.requiredInt("generation", 1),
                o.optionalDecimal("max_spend"));
    }
}
