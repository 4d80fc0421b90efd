package io.captchafleet.worker.solver.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The engine's scheduler thread, played by the test: nothing runs until the test says so. {@link #runPending()} runs
 * what was handed over ({@code execute}, one-shot schedules, whatever their delay: the engine reads the time from its
 * clock, which the test moves), {@link #tick()} runs the periodic tick once. So a test decides exactly when the engine
 * looks at its clock. Thread-safe (answers handed over from other threads queue up).
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final Deque<Runnable> pending = new ArrayDeque<>();
    private final List<Runnable> periodic = new ArrayList<>();
    private boolean shutdown;

    /** Runs everything handed over so far, and what that hands over in turn. */
    void runPending() {
        Runnable r;
        while ((r = next()) != null) {
            r.run();
        }
    }

    /** One periodic tick, then whatever it handed over. */
    void tick() {
        List<Runnable> ticks;
        synchronized (this) {
            ticks = List.copyOf(periodic);
        }
        ticks.forEach(Runnable::run);
        runPending();
    }

    private synchronized Runnable next() {
        return pending.pollFirst();
    }

    @Override
    public synchronized void execute(Runnable command) {
        if (!shutdown) {
            pending.addLast(command);
        }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        execute(command);
        return new Done();
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        periodic.add(command);
        return new Done();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return scheduleAtFixedRate(command, initialDelay, delay, unit);
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>(pending);
        pending.clear();
        return left;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }

    /** A future the engine may cancel; nothing is ever waited for. */
    private static final class Done implements ScheduledFuture<Object> {
        private boolean cancelled;

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed o) {
            return 0;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return false;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }
}
