package io.captchafleet.worker.loop.tx;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * One tombstone to each results partition about to be restored, in a transaction aborted at once:
 * invisible to read_committed readers and removed by compaction, but it moves the partition's log end and
 * high watermark, which may lag after a broker restart (a restore that trusted it would miss records).
 * Confined to the loop thread.
 */
final class RestoreBarrier {
    /** The key of the barrier records. */
    static final byte[] KEY = "captcha-fleet.restore-barrier".getBytes(StandardCharsets.UTF_8);

    private final TransactionalProducer producers;
    private final TransactionErrors errors;

    RestoreBarrier(TransactionalProducer producers, TransactionErrors errors) {
        this.producers = producers;
        this.errors = errors;
    }

    /** False when it could not be written now (no producer yet, an error): the restore waits and tries again. */
    boolean write(Collection<TopicPartition> results) {
        try {
            Producer<byte[], byte[]> producer = producers.get();
            if (producer == null) {
                return false;
            }
            producer.beginTransaction();
            for (TopicPartition tp : results) {
                producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), KEY, null));
            }
            producer.flush();
            producer.abortTransaction();
            return true;
        } catch (KafkaException | IllegalStateException e) {
            if (errors.sort(e, false) == TransactionErrors.Verdict.FENCED) {
                throw errors.fencedError();
            }
            producers.replace("the restore barrier failed (" + e + ")");
            return false;
        }
    }
}
