package io.captchafleet.worker.loop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.common.serde.RecordFormatException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads single outcomes back from the results topic at offsets the results table remembers: a report rewrites
 * a solved task's whole outcome (token, task data, times), which the worker does not keep in memory. Each
 * turn, without blocking, it reads from the lowest offset asked for in each partition and answers every
 * request it passes: with the outcome, or empty when the record is gone (compacted away: a newer outcome of
 * the task exists). Its reader is made on the first request. Confined to the loop thread.
 */
final class OutcomeLookups {
    private static final Logger log = LoggerFactory.getLogger(OutcomeLookups.class);
    /** Asked-for offsets further apart than this are sought to, not read through. */
    private static final long READ_THROUGH = 500;

    private final Supplier<org.apache.kafka.clients.consumer.Consumer<byte[], byte[]>> readerFactory;
    private final String resultsTopic;
    private final Map<Integer, TreeMap<Long, List<Consumer<Optional<Outcome>>>>> pending = new HashMap<>();
    /** Where the reader reads next in each partition it is assigned. */
    private final Map<Integer, Long> next = new HashMap<>();
    private org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> reader;

    OutcomeLookups(Supplier<org.apache.kafka.clients.consumer.Consumer<byte[], byte[]>> readerFactory, String resultsTopic) {
        this.readerFactory = readerFactory;
        this.resultsTopic = resultsTopic;
    }

    /** Reads the outcome at {@code offset} of results partition {@code partition}; {@code then} runs on a later turn. */
    void find(int partition, long offset, Consumer<Optional<Outcome>> then) {
        pending.computeIfAbsent(partition, p -> new TreeMap<>()).computeIfAbsent(offset, o -> new ArrayList<>()).add(then);
    }

    /** Forgets the requests of a partition no longer owned. */
    void drop(int partition) {
        pending.remove(partition);
    }

    boolean idle() {
        return pending.isEmpty();
    }

    /** One step: reads what has arrived and answers the requests it passed. Never waits. */
    void poll() {
        if (pending.isEmpty()) {
            if (reader != null && !next.isEmpty()) {
                reader.assign(List.of());
                next.clear();
            }
            return;
        }
        if (reader == null) {
            reader = readerFactory.get();
        }
        if (!next.keySet().equals(pending.keySet())) {
            reader.assign(pending.keySet().stream().map(p -> new TopicPartition(resultsTopic, p)).toList());
            next.keySet().retainAll(pending.keySet());
        }
        pending.forEach((p, offsets) -> {
            long lowest = offsets.firstKey();
            Long at = next.get(p);
            if (at == null || at > lowest || lowest - at > READ_THROUGH) {
                reader.seek(new TopicPartition(resultsTopic, p), lowest);
                next.put(p, lowest);
            }
        });
        for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ZERO)) {
            answer(r);
        }
    }

    private void answer(ConsumerRecord<byte[], byte[]> r) {
        TreeMap<Long, List<Consumer<Optional<Outcome>>>> offsets = pending.get(r.partition());
        if (offsets == null) {
            return;
        }
        next.put(r.partition(), r.offset() + 1);
        List<Runnable> answers = new java.util.ArrayList<>();
        while (!offsets.isEmpty() && offsets.firstKey() <= r.offset()) {
            Map.Entry<Long, List<Consumer<Optional<Outcome>>>> e = offsets.pollFirstEntry();
            Optional<Outcome> found = e.getKey() == r.offset() ? decode(r) : Optional.empty();
            e.getValue().forEach(then -> answers.add(() -> then.accept(found)));
        }
        if (offsets.isEmpty()) {
            pending.remove(r.partition());
        }
        // Answered once the pending set is settled: a caller that asks again at the same offset waits for the next poll.
        answers.forEach(Runnable::run);
    }

    private static Optional<Outcome> decode(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OutcomeCodec.read(r.value()));
        } catch (RecordFormatException e) {
            log.warn("The outcome at {}-{}@{} cannot be read back: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return Optional.empty();
        }
    }
}
