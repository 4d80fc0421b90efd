package io.captchafleet.sandbox.simulator.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.captchafleet.sandbox.simulator.InvalidSettingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's memory on disk: the {@link Journal} of billing and answers, appended as they
 * happen, and {@code counters.json}, the {@link CounterSnapshot} written every second and at close by
 * writing a temporary file and renaming it over the old one, so a kill at any moment leaves the old
 * snapshot or the new one, never half of one. Thread-safe; the snapshot runs on its own daemon thread.
 */
final class StateDirectory implements Memory {
    private static final Logger log = LoggerFactory.getLogger(StateDirectory.class);
    static final String COUNTERS = "counters.json";
    private static final long SNAPSHOT_EVERY_MS = 1_000;

    private final Path dir;
    private final Journal journal;
    private final ScheduledExecutorService snapshots = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "solver-simulator-snapshot");
        t.setDaemon(true);
        return t;
    });
    private volatile Supplier<CounterSnapshot> counters;

    private StateDirectory(Path dir, Journal journal) {
        this.dir = dir;
        this.journal = journal;
    }

    /**
     * Opens (creating it if needed) and locks the directory, replays its journal into {@code replay}
     * and hands its last counter snapshot, if any, to {@code restoreCounters}.
     */
    static StateDirectory open(Path dir, Consumer<JournalEntry> replay, Consumer<CounterSnapshot> restoreCounters) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the simulator's state directory " + dir + ": " + e.getMessage(), e);
        }
        Journal journal = Journal.open(dir, replay);
        try {
            readCounters(dir).ifPresent(restoreCounters);
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
        return new StateDirectory(dir, journal);
    }

    private static Optional<CounterSnapshot> readCounters(Path dir) {
        Path file = dir.resolve(COUNTERS);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        CounterSnapshot snapshot;
        try {
            snapshot = Json.MAPPER.readValue(file.toFile(), CounterSnapshot.class);
        } catch (IOException e) {
            throw new InvalidSettingException("state-dir", dir, COUNTERS + " is not a simulator counter snapshot (" + e.getMessage() + ")");
        }
        if (snapshot.v() != CounterSnapshot.VERSION) {
            throw new InvalidSettingException("state-dir", dir, COUNTERS + " has version " + snapshot.v()
                    + "; this simulator reads version " + CounterSnapshot.VERSION);
        }
        return Optional.of(snapshot);
    }

    /** Starts writing the counters every second. */
    void snapshotEverySecond(Supplier<CounterSnapshot> source) {
        this.counters = source;
        snapshots.scheduleWithFixedDelay(this::writeCounters, SNAPSHOT_EVERY_MS, SNAPSHOT_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    private void writeCounters() {
        Supplier<CounterSnapshot> source = counters;
        if (source == null) {
            return;
        }
        Path file = dir.resolve(COUNTERS);
        Path next = dir.resolve(COUNTERS + ".next");
        try (FileChannel out = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(Json.MAPPER.writeValueAsBytes(source.get()));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        } catch (IOException e) {
            log.warn("Simulator state: could not write {}: {}", next, e.toString());
            return;
        }
        try {
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            log.warn("Simulator state: could not replace {}: {}", file, e.toString());
        }
    }

    @Override
    public void seen(String identity) {
        journal.append(JournalEntry.seen(identity));
    }

    @Override
    public void billed(Submission submission) {
        journal.append(JournalEntry.billed(submission));
    }

    @Override
    public void answered(Submission submission) {
        journal.append(JournalEntry.answered(submission));
    }

    @Override
    public void refilled(long submits) {
        journal.append(JournalEntry.refilled(submits));
    }

    @Override
    public void reported(Submission submission, boolean good) {
        journal.append(JournalEntry.reported(submission, good));
    }

    /** Writes the counters a last time and releases the directory. Call once no request is served any more. */
    @Override
    public void close() {
        snapshots.shutdownNow();
        try {
            if (!snapshots.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("Simulator state: the snapshot thread did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeCounters();
        journal.close();
    }
}
