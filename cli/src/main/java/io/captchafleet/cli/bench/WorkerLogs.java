package io.captchafleet.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.function.Predicate;

import io.captchafleet.cli.fleet.WorkerNode;

/**
 * Reads moments off a worker's log (every line starts with an ISO time stamp with milliseconds, from
 * this machine's clock): when it halted, when it was assigned partitions.
 */
final class WorkerLogs {
    private WorkerLogs() {
    }

    /**
     * Epoch ms of the first line of the worker's log (all its starts) that matches and is not older than
     * {@code notBefore}; waits up to {@code timeout} for it. With a zero timeout it looks once and returns
     * {@code Long.MAX_VALUE} when there is none.
     */
    static long firstAt(WorkerNode w, Predicate<String> match, long notBefore, Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Long> at;
            try (var lines = Files.lines(w.process().log())) {
                at = lines.filter(l -> l.length() > 24 && l.charAt(4) == '-' && match.test(l)).map(WorkerLogs::time)
                        .filter(t -> t >= notBefore).findFirst();
            }
            if (at.isPresent()) {
                return at.get();
            }
            if (timeout.isZero()) {
                return Long.MAX_VALUE;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("worker " + w.instanceId() + " logged no matching line within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    private static long time(String line) {
        return OffsetDateTime.parse(line.substring(0, line.indexOf(' '))).toInstant().toEpochMilli();
    }
}
