package io.captchafleet.cli;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One step of a command's start-up run on a daemon thread of its own while the command goes on ({@code local}
 * overlaps reading its file, starting its simulator and its workers with starting its broker). Its failure is thrown
 * where its result is asked for; closing it waits a bounded time for it to end, so that what it uses is not closed
 * under it. Thread-safe.
 *
 * @param <T> what the step produces
 */
final class Background<T> implements AutoCloseable {
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final CompletableFuture<T> future = new CompletableFuture<>();

    private Background() {
    }

    /** Starts {@code step} on a new daemon thread named {@code name}. */
    static <T> Background<T> start(String name, Supplier<T> step) {
        Background<T> b = new Background<>();
        Thread t = new Thread(() -> {
            try {
                b.future.complete(step.get());
            } catch (RuntimeException | Error e) {
                b.future.completeExceptionally(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return b;
    }

    /** Waits for the step and returns what it produced; its failure is thrown here as it was thrown there. */
    T result() {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : e;
        }
    }

    /** Throws the step's failure if it has failed already; never waits. */
    void throwIfFailed() {
        if (future.isCompletedExceptionally()) {
            result();
        }
    }

    /** The step's result once it has ended well, without waiting: null while it runs or when it failed. */
    T now() {
        return future.isDone() && !future.isCompletedExceptionally() ? future.join() : null;
    }

    /** Waits (bounded) for the step to end, whatever its outcome. */
    @Override
    public void close() {
        try {
            future.get(CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Its failure was thrown where its result was asked for, or nobody asked: nothing to add when closing.
        }
    }
}
