package io.captchafleet.worker.loop;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.redact.Redactor;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.common.serde.TaskCodec;
import io.captchafleet.common.topics.DeadLetterHeaders;
import io.captchafleet.common.topics.ResultHeaders;
import io.captchafleet.common.topics.TopicLayout;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Turns outcomes, retry attempts and unreadable records into the records of the next transaction.
 * Outcomes always carry redacted task data. Stateless apart from its settings; used by the loop thread.
 */
final class OutcomeWriter {
    private final TopicLayout layout;
    private final String worker;
    private final int maxMessageBytes;
    private final Header writerHeader;

    OutcomeWriter(TopicLayout layout, String worker, int maxMessageBytes) {
        this.layout = layout;
        this.worker = worker;
        this.maxMessageBytes = maxMessageBytes;
        this.writerHeader = header(ResultHeaders.WORKER, worker);
    }

    /** A builder for the task's outcome with the worker id and redacted task data filled in. */
    Outcome.Builder outcome(TaskRecord task, io.captchafleet.common.model.OutcomeStatus status) {
        return Outcome.forTask(task, status).worker(worker).taskData(Redactor.redact(task.taskData()));
    }

    ProducerRecord<byte[], byte[]> result(Outcome outcome, int partition) {
        byte[] value = OutcomeCodec.write(outcome);
        if (value.length > maxMessageBytes - 1024) {
            // An image task's outcome may outgrow the topic's limit once the token is added: keep the
            // outcome, drop the bulky task data (the task itself is still on the tasks topic).
            ObjectNode note = Json.object().put("omitted", "task_data of " + value.length + " bytes exceeds the record limit");
            value = OutcomeCodec.write(new Outcome(outcome.taskId(), outcome.batch(), outcome.index(), outcome.generation(),
                    outcome.attempt(), outcome.status(), outcome.token(), outcome.error(), outcome.category(), outcome.solveTime(),
                    outcome.solverTaskId(), outcome.paidSubmits(), outcome.submittedAt(), outcome.solvedAt(), outcome.expiresAt(),
                    outcome.worker(), note, outcome.cost()));
        }
        return new ProducerRecord<>(layout.results(), partition, key(outcome.taskId()), value, List.of(writerHeader));
    }

    ProducerRecord<byte[], byte[]> retry(TaskRecord next, String tierTopic, int partition) {
        return new ProducerRecord<>(tierTopic, partition, key(next.taskId()), TaskCodec.write(next));
    }

    ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> r, String reason, Instant now) {
        List<Header> headers = List.of(
                header(DeadLetterHeaders.REASON, reason),
                header(DeadLetterHeaders.SOURCE_TOPIC, r.topic()),
                header(DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(r.partition())),
                header(DeadLetterHeaders.SOURCE_OFFSET, Long.toString(r.offset())),
                header(DeadLetterHeaders.WORKER, worker),
                header(DeadLetterHeaders.AT, now.toString()));
        return new ProducerRecord<>(layout.deadLetter(), r.partition(), r.key(), r.value(), headers);
    }

    private static byte[] key(String taskId) {
        return taskId.getBytes(StandardCharsets.UTF_8);
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
