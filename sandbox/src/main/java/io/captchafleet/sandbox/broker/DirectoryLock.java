package io.captchafleet.sandbox.broker;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An exclusive lock on a file, held while a broker runs on its directory, so that a second broker on
 * the same directory is refused and other processes can tell whether one is running. The operating
 * system releases it when the process dies, even by {@code kill -9}.
 */
final class DirectoryLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or empty when another process (or this one) holds it. */
    static Optional<DirectoryLock> acquire(Path file) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    channel.close();
                    return Optional.empty();
                }
                return Optional.of(new DirectoryLock(channel, lock));
            } catch (OverlappingFileLockException e) {
                channel.close();
                return Optional.empty();
            }
        } catch (IOException e) {
            throw new BrokerStartException("Cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether some process holds the lock right now. */
    static boolean isHeld(Path file) {
        Optional<DirectoryLock> probe;
        try {
            probe = acquire(file);
        } catch (BrokerStartException e) {
            return false;
        }
        probe.ifPresent(DirectoryLock::close);
        return probe.isEmpty();
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The lock dies with the channel or the process anyway.
        }
    }
}
