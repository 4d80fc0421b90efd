package io.captchafleet.worker.loop;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.redact.Redactor;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.common.serde.RecordFormatException;
import io.captchafleet.common.serde.TaskCodec;
import io.captchafleet.common.topics.DeadLetterHeaders;
import io.captchafleet.common.topics.ResultHeaders;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.worker.loop.tasks.Task;
import io.captchafleet.worker.loop.tx.Transactions;
import io.captchafleet.worker.solver.Balance;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns outcomes, retry attempts and unreadable records into the records of the next transaction, and
 * replaces a record Kafka refused. Outcomes always carry redacted task data. Stateless apart from its
 * settings; used by the loop thread.
 */
final class OutcomeWriter implements Transactions.Refusals {
    private static final Logger log = LoggerFactory.getLogger(OutcomeWriter.class);
    /** The error code of a task whose outcome or retry record Kafka refused. */
    static final String RECORD_REFUSED = "RECORD_REFUSED";
    /** The field of the note that stands for task data left out of an outcome. */
    private static final String OMITTED = "omitted";
    /** A refused record's value is kept in its dead letter only up to this size. */
    private static final int DEAD_LETTER_VALUE_LIMIT = 16 * 1024;

    private final TopicLayout layout;
    private final String worker;
    private final int maxMessageBytes;
    private final Clock clock;
    private final Header writerHeader;
    private final Supplier<Optional<Balance>> balance;
    private Balance headerOf;
    private List<Header> headers;

    /** {@code balance} is the account balance last seen, named on every outcome written (for {@code status}). */
    OutcomeWriter(TopicLayout layout, String worker, int maxMessageBytes, Clock clock, Supplier<Optional<Balance>> balance) {
        this.layout = layout;
        this.worker = worker;
        this.maxMessageBytes = maxMessageBytes;
        this.clock = clock;
        this.writerHeader = header(ResultHeaders.WORKER, worker);
        this.balance = balance;
        this.headers = List.of(writerHeader);
    }

    /** A builder for the task's outcome with the worker id, redacted task data and what the task cost so far filled in. */
    Outcome.Builder outcome(Task task, OutcomeStatus status) {
        TaskRecord t = task.forOutcome();
        return Outcome.forTask(t, status).paidSubmits(task.paidSubmits()).worker(worker).taskData(Redactor.redact(t.taskData()))
                .cost(task.cost(), task.costSource());
    }

    ProducerRecord<byte[], byte[]> result(Outcome outcome, int partition) {
        byte[] value = OutcomeCodec.write(outcome);
        if (value.length > maxMessageBytes - 1024) {
            // An image task's outcome may outgrow the topic's limit once the token is added: keep the
            // outcome, drop the bulky task data (the task itself is still on the tasks topic).
            value = OutcomeCodec.write(withoutTaskData(outcome, value.length));
        }
        return new ProducerRecord<>(layout.results(), partition, key(outcome.taskId()), value, headers());
    }

    /** The worker's header, and the balance's once one was seen (made again only when the balance changes). */
    private List<Header> headers() {
        Balance seen = balance.get().orElse(null);
        if (seen != headerOf) {
            headerOf = seen;
            headers = seen == null ? List.of(writerHeader) : List.of(writerHeader, header(ResultHeaders.BALANCE, seen.header()));
        }
        return headers;
    }

    /** Deletes a task's outcome (its batch was purged): a tombstone that compaction frees with the key. */
    ProducerRecord<byte[], byte[]> tombstone(String taskId, int partition) {
        return new ProducerRecord<>(layout.results(), partition, key(taskId), null, List.of(writerHeader));
    }

    ProducerRecord<byte[], byte[]> retry(TaskRecord next, String tierTopic, int partition) {
        return new ProducerRecord<>(tierTopic, partition, key(next.taskId()), TaskCodec.write(next));
    }

    ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> r, String reason) {
        return deadLetter(r.topic(), r.partition(), Long.toString(r.offset()), r.key(), r.value(), reason);
    }

    /**
     * A record Kafka refused for its size or content: a dead letter with the reason, and what the task still
     * needs recorded. A refused outcome is written again without its task data; refused again (its token is
     * what is too large), a solved, retrying or failed one becomes failed with {@value #RECORD_REFUSED}. A
     * refused retry record fails its task with {@value #RECORD_REFUSED}. A refused dead letter is only logged.
     */
    @Override
    public List<ProducerRecord<byte[], byte[]>> replace(ProducerRecord<byte[], byte[]> refused, Throwable why) {
        String reason = "refused by Kafka: " + why;
        if (refused.topic().equals(layout.deadLetter())) {
            log.error("Kafka refused a dead letter for {} ({}): it is dropped", refused.topic(), why.toString());
            return List.of();
        }
        byte[] value = refused.value();
        List<ProducerRecord<byte[], byte[]>> replacements = new ArrayList<>();
        replacements.add(deadLetter(refused.topic(), refused.partition(), "unwritten", refused.key(),
                value != null && value.length <= DEAD_LETTER_VALUE_LIMIT ? value : null, reason));
        try {
            if (refused.topic().equals(layout.results())) {
                Outcome o = OutcomeCodec.read(value);
                if (o.taskData() == null || !o.taskData().has(OMITTED)) {
                    replacements.add(result(withoutTaskData(o, value.length), refused.partition()));
                } else if (o.status() != OutcomeStatus.IN_FLIGHT) {
                    replacements.add(result(o.toBuilder().status(OutcomeStatus.FAILED).token(null)
                            .error(RECORD_REFUSED, "invalid").build(), refused.partition()));
                }
            } else {
                TaskRecord t = TaskCodec.read(value);
                Outcome failed = Outcome.forTask(t, OutcomeStatus.FAILED).worker(worker).taskData(null)
                        .error(RECORD_REFUSED, "invalid").build();
                replacements.add(result(failed, refused.partition()));
            }
        } catch (RecordFormatException e) {
            log.error("A refused record of {} cannot be read back ({}): only its dead letter is written", refused.topic(),
                    e.getMessage());
        }
        return replacements;
    }

    private ProducerRecord<byte[], byte[]> deadLetter(String topic, int partition, String offset, byte[] key, byte[] value,
                                                      String reason) {
        List<Header> headers = List.of(
                header(DeadLetterHeaders.REASON, reason),
                header(DeadLetterHeaders.SOURCE_TOPIC, topic),
                header(DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(partition)),
                header(DeadLetterHeaders.SOURCE_OFFSET, offset),
                header(DeadLetterHeaders.WORKER, worker),
                header(DeadLetterHeaders.AT, clock.instant().toString()));
        return new ProducerRecord<>(layout.deadLetter(), partition, key, value, headers);
    }

    private static Outcome withoutTaskData(Outcome outcome, int size) {
        ObjectNode note = Json.object().put(OMITTED, "task_data of " + size + " bytes exceeds the record limit");
        return outcome.toBuilder().taskData(note).build();
    }

    private static byte[] key(String taskId) {
        return taskId.getBytes(StandardCharsets.UTF_8);
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
