package io.captchafleet.producer.input;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongConsumer;

import io.captchafleet.common.InputException;

/**
 * A task file that can be read more than once: {@code submit} validates the whole file before it
 * publishes anything, then reads it again to publish. Standard input ({@code -}) is copied to a
 * temporary file first, which {@link #close} deletes, so even a piped 5-million-line batch is never
 * held in memory.
 */
public final class TaskFile implements Closeable {
    /** The argument that means standard input. */
    public static final String STDIN = "-";

    private final String name;
    private final Path path;
    private final boolean spooled;

    private TaskFile(String name, Path path, boolean spooled) {
        this.name = name;
        this.path = path;
        this.spooled = spooled;
    }

    /**
     * @param argument a path, or {@code -} for {@code stdin}
     * @throws InputException when the file does not exist or cannot be read
     */
    public static TaskFile open(String argument, InputStream stdin) {
        if (STDIN.equals(argument)) {
            try {
                Path spool = Files.createTempFile("captcha-fleet-stdin-", ".tasks");
                spool.toFile().deleteOnExit();
                Files.copy(stdin, spool, StandardCopyOption.REPLACE_EXISTING);
                return new TaskFile("stdin", spool, true);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot copy standard input to a temporary file", e);
            }
        }
        Path path = Path.of(argument);
        if (!Files.exists(path)) {
            throw new InputException("Cannot read " + argument + ": no such file");
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new InputException("Cannot read " + argument + ": not a readable file");
        }
        return new TaskFile(argument, path, false);
    }

    /** How messages name the file: as given on the command line, or {@code stdin}. */
    public String name() {
        return name;
    }

    public boolean isStdin() {
        return spooled;
    }

    /** The file name without its extension, the default batch id; empty for standard input. */
    public Optional<String> defaultBatch() {
        if (spooled) {
            return Optional.empty();
        }
        String file = path.getFileName().toString();
        int dot = file.lastIndexOf('.');
        return Optional.of(dot > 0 ? file.substring(0, dot) : file);
    }

    /** The file's format, from its extension where that is clear, else from its first characters. */
    public InputFormat detectFormat() {
        String file = spooled ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (file.endsWith(".jsonl") || file.endsWith(".ndjson")) {
            return InputFormat.JSONL;
        }
        if (file.endsWith(".csv")) {
            return InputFormat.CSV;
        }
        try {
            return FormatSniffer.sniff(path);
        } catch (IOException e) {
            throw new InputException("Cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** A reader of the file's tasks in {@code format}, from the start. */
    public TaskReader reader(InputFormat format) {
        return reader(format, bytes -> { });
    }

    /**
     * A reader of the file's tasks in {@code format}, from the start, that tells {@code bytesRead} how
     * far into the file it has read (for progress: the file's size is known before its task count).
     */
    public TaskReader reader(InputFormat format, LongConsumer bytesRead) {
        try {
            InputStream in = new BufferedInputStream(new CountingInputStream(Files.newInputStream(path), bytesRead), 1 << 16);
            switch (format) {
                case JSON:
                    return new JsonArrayReader(in);
                case CHECKPOINT:
                    return new CheckpointReader(in);
                case CSV:
                    return new CsvTaskReader(in);
                default:
                    return new JsonLinesReader(in);
            }
        } catch (NoSuchFileException e) {
            throw new InputException("Cannot read " + name + ": no such file", e);
        } catch (IOException e) {
            throw new InputException("Cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** The file's size in bytes, for progress. */
    public long size() {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        if (spooled) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // deleteOnExit removes it later
            }
        }
    }

    /** Tells how many bytes have been read so far, at each read (a buffered reader reads 64 KiB at a time). */
    private static final class CountingInputStream extends FilterInputStream {
        private final LongConsumer bytesRead;
        private long count;

        CountingInputStream(InputStream in, LongConsumer bytesRead) {
            super(in);
            this.bytesRead = bytesRead;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                bytesRead.accept(++count);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
                bytesRead.accept(count);
            }
            return n;
        }
    }
}
