package io.captchafleet.producer.ops;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.serde.RecordFormatException;
import io.captchafleet.common.serde.TaskCodec;
import io.captchafleet.common.topics.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One record of the dead-letter topic as {@code dead-letters} shows it: where it came from, why it was
 * set aside, and whether its value reads as a task record now (after an upgrade, say).
 *
 * @param problemNow the reader's error today, or null when the value now reads correctly
 */
public record DeadLetter(
        int partition,
        long offset,
        String key,
        String reason,
        String sourceTopic,
        String sourcePartition,
        String sourceOffset,
        String worker,
        String at,
        String problemNow,
        byte[] value) {

    static DeadLetter of(ConsumerRecord<byte[], byte[]> r) {
        return new DeadLetter(r.partition(), r.offset(),
                r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                header(r, DeadLetterHeaders.REASON), header(r, DeadLetterHeaders.SOURCE_TOPIC),
                header(r, DeadLetterHeaders.SOURCE_PARTITION), header(r, DeadLetterHeaders.SOURCE_OFFSET),
                header(r, DeadLetterHeaders.WORKER), header(r, DeadLetterHeaders.AT), problemNow(r.value()), r.value());
    }

    public boolean readableNow() {
        return problemNow == null;
    }

    /** One line: {@code dead-letter 0@12 key b/7 from captcha.tasks 3@41 by w-1 at ...: reason}. */
    public String describe() {
        return "dead-letter " + partition + "@" + offset + " key " + key + " from " + sourceTopic + " " + sourcePartition + "@"
                + sourceOffset + " by " + worker + " at " + at + ": " + reason
                + (readableNow() ? " (reads correctly now)" : "");
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("partition", partition);
        o.put("offset", offset);
        o.put("key", key);
        o.put("reason", reason);
        o.put("source_topic", sourceTopic);
        o.put("source_partition", number(sourcePartition));
        o.put("source_offset", number(sourceOffset));
        o.put("worker", worker);
        o.put("at", at);
        o.put("readable_now", readableNow());
        o.put("problem_now", problemNow);
        o.put("value", value == null ? null : new String(value, StandardCharsets.UTF_8));
        return o;
    }

    private static Long number(String text) {
        try {
            return text == null ? null : Long.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String problemNow(byte[] value) {
        if (value == null) {
            return "no value";
        }
        try {
            TaskCodec.read(value);
            return null;
        } catch (RecordFormatException e) {
            return e.getMessage();
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
