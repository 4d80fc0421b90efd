package io.captchafleet.sandbox.simulator.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.captchafleet.sandbox.simulator.InvalidSettingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only file of {@link JournalEntry} lines, locked while open so that one simulator at a
 * time writes it. Each entry is one {@code write} of one whole line, so a process killed at any
 * moment leaves complete lines and at most a cut last one, which the next {@link #open} drops. Not
 * forced to disk: it survives a killed process, not a power cut. Appends are thread-safe (this
 * object's lock).
 */
final class Journal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Journal.class);
    static final String FILE = "journal.jsonl";

    private final Path file;
    /** Guarded by this. */
    private final FileChannel channel;
    private final FileLock lock;

    private Journal(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks the journal in {@code dir}, drops a line cut off by a kill, and hands every entry to
     * {@code replay} in order before the first append.
     *
     * @throws InvalidSettingException (setting {@code state-dir}) when another simulator holds the
     *     directory or a complete line is not an entry of this version
     * @throws UncheckedIOException when the directory cannot be read or written
     */
    static Journal open(Path dir, Consumer<JournalEntry> replay) {
        Path file = dir.resolve(FILE);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw new InvalidSettingException("state-dir", dir, "another simulator is using it; stop it or use another directory");
            }
            dropCutLine(file, channel);
            read(file, replay);
            channel.position(channel.size());
            return new Journal(file, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Cannot use " + file + " for the simulator's state: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /** A kill in the middle of a write leaves a last line without its newline: it never happened. */
    private static void dropCutLine(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        long end = size;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (end > 0) {
            one.clear();
            channel.read(one, end - 1);
            if (one.get(0) == '\n') {
                break;
            }
            end--;
        }
        if (end < size) {
            log.warn("Simulator state: dropped the last {} bytes of {}, an entry cut off when the process was killed", size - end, file);
            channel.truncate(end);
        }
    }

    private static void read(Path file, Consumer<JournalEntry> replay) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JournalEntry entry = parse(file, number, line);
                try {
                    replay.accept(entry);
                } catch (RuntimeException e) {
                    throw new InvalidSettingException("state-dir", file.getParent(), FILE + " line " + number
                            + " cannot be replayed (" + e + ")");
                }
            }
        }
    }

    private static JournalEntry parse(Path file, long number, String line) {
        JournalEntry entry;
        try {
            entry = Json.MAPPER.readValue(line, JournalEntry.class);
        } catch (JsonProcessingException e) {
            throw new InvalidSettingException("state-dir", file.getParent(), FILE + " line " + number
                    + " is not a simulator journal entry (" + e.getOriginalMessage() + ")");
        }
        if (entry.v() != JournalEntry.VERSION) {
            throw new InvalidSettingException("state-dir", file.getParent(), FILE + " line " + number + " has version " + entry.v()
                    + "; this simulator reads version " + JournalEntry.VERSION);
        }
        return entry;
    }

    /** Appends one entry as one whole line. A failure is logged, not thrown: the answer to the client still counts. */
    synchronized void append(JournalEntry entry) {
        try {
            ByteBuffer line = ByteBuffer.wrap((Json.MAPPER.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) {
                channel.write(line);
            }
        } catch (IOException e) {
            log.error("Simulator state: could not append to {}: {}; a restart will not remember this {} entry", file,
                    e.toString(), entry.event());
        }
    }

    @Override
    public synchronized void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // Released with the channel anyway.
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing left to save.
        }
    }
}
