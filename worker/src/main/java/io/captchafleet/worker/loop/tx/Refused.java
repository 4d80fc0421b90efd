package io.captchafleet.worker.loop.tx;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * A record of an aborted transaction that Kafka refused for itself, not for the transaction: too large
 * for the topic or the request, or invalid for the topic. Sent again it would be refused again, so it is
 * replaced; the rest of its transaction goes again as it was.
 */
record Refused(ProducerRecord<byte[], byte[]> record, Throwable why) {

    /** The refused records among {@code batch}'s, as their send futures tell. */
    static List<Refused> among(PendingWrites batch, List<Future<RecordMetadata>> sent) {
        List<Refused> refused = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            Future<RecordMetadata> f = sent.get(i);
            if (!f.isDone()) {
                continue;
            }
            try {
                f.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
                        || cause instanceof InvalidRecordException) {
                    refused.add(new Refused(batch.records().get(i), cause));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return refused;
            }
        }
        return refused;
    }
}
