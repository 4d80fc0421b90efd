package io.captchafleet.sandbox.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Before a restart on an existing log directory, marks every partition's whole log as replicated.
 *
 * <p>With one replica, a record is acknowledged as soon as it is appended: the high watermark follows
 * the log end. But the broker checkpoints high watermarks only now and then, and after a SIGKILL every
 * partition starts from its last checkpoint, so the coordinators load their state only up to it. A
 * transaction whose commit was acknowledged just before the kill then looked unfinished to the restarted
 * transaction coordinator, which aborted it: its records vanished although the client was told they were
 * committed (seen in the chaos suite: paid submits recorded, then lost, then paid again). Kafka bounds a
 * checkpointed high watermark by the log end when it loads a partition, so writing {@code Long.MAX_VALUE}
 * for every partition makes each start from its log end, which for a single replica is what was
 * acknowledged. The log's own recovery still truncates a torn last batch first.
 */
final class HighWatermarkCheckpoint {
    /** Kafka's checkpoint file of high watermarks, in each log directory. */
    static final String FILE = "replication-offset-checkpoint";
    /** {@code <topic>-<partition>}; the metadata log and directories being deleted or moved are not partitions of it. */
    private static final Pattern PARTITION_DIR = Pattern.compile("(.+)-(\\d+)");
    private static final String METADATA_LOG = "__cluster_metadata";

    private HighWatermarkCheckpoint() {
    }

    /** Rewrites the checkpoint in {@code logDir} so that every partition found there starts at its log end. */
    static void trustWholeLog(Path logDir) throws IOException {
        if (!Files.isDirectory(logDir)) {
            return;
        }
        List<String> entries = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(logDir)) {
            for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory).sorted()::iterator) {
                Matcher m = PARTITION_DIR.matcher(dir.getFileName().toString());
                if (m.matches() && !m.group(1).equals(METADATA_LOG)) {
                    entries.add(m.group(1) + " " + m.group(2) + " " + Long.MAX_VALUE);
                }
            }
        }
        StringBuilder text = new StringBuilder("0\n").append(entries.size()).append('\n');
        entries.forEach(e -> text.append(e).append('\n'));
        Path tmp = logDir.resolve(FILE + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, logDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
