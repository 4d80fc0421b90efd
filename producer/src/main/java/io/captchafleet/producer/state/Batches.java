package io.captchafleet.producer.state;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.captchafleet.common.InputException;
import io.captchafleet.common.Timestamps;
import io.captchafleet.common.fleet.BatchControl;
import io.captchafleet.common.fleet.FleetState;
import io.captchafleet.common.model.BatchManifest;
import io.captchafleet.common.serde.BatchManifestCodec;
import io.captchafleet.common.serde.RecordFormatException;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.producer.kafka.KafkaClients;
import io.captchafleet.producer.kafka.TopicScan;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every batch manifest on the compacted batches topic, the newest per batch id (the topic may still
 * hold older values of a key). A snapshot: read once when made.
 */
public final class Batches {
    private static final Logger log = LoggerFactory.getLogger(Batches.class);
    private final Map<String, BatchManifest> manifests;

    private Batches(Map<String, BatchManifest> manifests) {
        this.manifests = manifests;
    }

    /** Reads the batches topic to its end. */
    public static Batches read(KafkaClients clients, TopicLayout layout) {
        Map<String, BatchManifest> manifests = new TreeMap<>();
        try (Consumer<byte[], byte[]> consumer = clients.reader()) {
            TopicScan.fromBeginning(consumer, List.of(layout.batches())).toEnd(r -> {
                String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
                if (r.value() == null) {
                    manifests.remove(key);
                    return;
                }
                try {
                    BatchManifest m = BatchManifestCodec.read(r.value());
                    manifests.put(m.batch(), m);
                } catch (RecordFormatException e) {
                    log.warn("Skipping an unreadable batch manifest at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
                }
            });
        }
        return new Batches(manifests);
    }

    public Optional<BatchManifest> find(String batch) {
        return Optional.ofNullable(manifests.get(batch));
    }

    /** The manifest of {@code batch}, for commands that need the batch to exist. */
    public BatchManifest require(String batch) {
        BatchManifest m = manifests.get(batch);
        if (m == null) {
            throw new InputException("Unknown batch \"" + batch + "\": no batch with that id was submitted"
                    + (manifests.isEmpty() ? " (there are none yet)" : " (known: " + known() + ")"));
        }
        return m;
    }

    /**
     * The manifest of {@code batch}, for commands that need the batch to exist; a purged batch is refused with
     * when it was purged, since its manifest and outcomes are gone.
     */
    public BatchManifest require(String batch, FleetState fleet) {
        BatchControl control = fleet.batch(batch);
        if (control.purged()) {
            throw purged(batch, control);
        }
        return require(batch);
    }

    /** The error a command meets for a batch that was purged. */
    public static InputException purged(String batch, BatchControl control) {
        return new InputException("Batch \"" + batch + "\" was purged at " + Timestamps.format(control.purgedAt())
                + ": its tasks' outcomes and its manifest were deleted");
    }

    /** Every manifest, by batch id. */
    public Map<String, BatchManifest> all() {
        return Map.copyOf(manifests);
    }

    private String known() {
        List<String> ids = List.copyOf(manifests.keySet());
        int shown = Math.min(ids.size(), 10);
        return String.join(", ", ids.subList(0, shown)) + (ids.size() > shown ? ", … " + (ids.size() - shown) + " more" : "");
    }
}
