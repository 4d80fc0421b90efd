package io.captchafleet.producer.kafka;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Helpers for the producer side's transactions. */
public final class Transactions {
    private static final Logger log = LoggerFactory.getLogger(Transactions.class);

    private Transactions() {
    }

    /**
     * Aborts the open transaction after a failure. A fenced or broken producer cannot abort; closing it
     * aborts too, and the broker times the transaction out at the latest, so this only logs.
     */
    public static void abortQuietly(Producer<?, ?> producer) {
        try {
            producer.abortTransaction();
        } catch (KafkaException | IllegalStateException e) {
            log.warn("Could not abort the transaction: {}", e.toString());
        }
    }
}
