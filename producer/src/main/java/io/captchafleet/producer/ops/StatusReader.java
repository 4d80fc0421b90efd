package io.captchafleet.producer.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.captchafleet.common.fleet.FleetState;
import io.captchafleet.common.model.BatchManifest;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.producer.kafka.FleetTopics;
import io.captchafleet.producer.kafka.KafkaClients;
import io.captchafleet.producer.kafka.TopicScan;
import io.captchafleet.producer.state.Batches;
import io.captchafleet.producer.state.FleetStates;
import io.captchafleet.producer.state.OutcomeTally;
import io.captchafleet.producer.state.WorkerGroup;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * {@code status}: reads the results topic once from the beginning (read_committed) into compact
 * per-batch tallies, then only what is new on every later {@link #read}, so {@code --watch} costs
 * little per redraw even for millions of tasks. Used from one thread; close it to close its clients.
 */
public final class StatusReader implements AutoCloseable {
    private final KafkaClients clients;
    private final TopicLayout layout;
    private final Optional<String> batch;
    private final Admin admin;
    private final Consumer<byte[], byte[]> results;
    private final OutcomeTally tally;
    private boolean started;

    /**
     * @param batch show only this batch; empty shows every batch
     * @throws io.captchafleet.common.InputException when the fleet's topics or the batch do not exist
     */
    public StatusReader(KafkaClients clients, TopicLayout layout, Optional<String> batch) {
        this.clients = clients;
        this.layout = layout;
        this.batch = batch;
        this.admin = clients.admin();
        try {
            FleetTopics.require(admin, layout);
            batch.ifPresent(b -> Batches.read(clients, layout).require(b));
        } catch (RuntimeException e) {
            admin.close();
            throw e;
        }
        this.results = clients.reader();
        this.tally = new OutcomeTally(batch);
    }

    /** The state now. */
    public StatusReport read() {
        if (!started) {
            started = true;
            TopicScan.fromBeginning(results, List.of(layout.results())).toEnd(tally::accept);
        } else {
            TopicScan.continuing(results).toEnd(tally::accept);
        }
        Batches batches = Batches.read(clients, layout);
        FleetState fleet = FleetStates.read(clients, layout);
        List<BatchStatus> shown = new ArrayList<>();
        for (BatchManifest m : batches.all().values()) {
            if (batch.isEmpty() || batch.get().equals(m.batch())) {
                shown.add(BatchStatus.of(m, tally.of(m.batch()), fleet.batch(m.batch())));
            }
        }
        shown.sort((a, b) -> a.manifest().batch().compareTo(b.manifest().batch()));
        return new StatusReport(Instant.now(), fleet, WorkerGroup.read(admin, layout), shown);
    }

    /** Takes in new outcomes for {@code period}, so a watch redraws at a steady pace; returns how many arrived. */
    public int awaitMore(Duration period) {
        long deadline = System.nanoTime() + period.toNanos();
        int arrived = 0;
        TopicScan tail = TopicScan.continuing(results);
        for (long left = period.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            arrived += tail.pollMore(Duration.ofNanos(left), tally::accept);
        }
        return arrived;
    }

    @Override
    public void close() {
        results.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
