package io.captchafleet.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.captchafleet.cli.fleet.TaskLines;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SimulatorStats;
import io.captchafleet.sandbox.simulator.SolverSimulator;

/**
 * The naive baseline of the makespan scenario: the seed script's thread pool ({@code ThreadPoolExecutor(max_workers=N)}),
 * N threads each taking the next task and solving it with {@link NaiveClient}, against a simulator of its own in this
 * JVM with the same latency and faults as the fleet's run. Runs on its own threads; {@link #run} blocks until every
 * task has ended.
 */
final class NaiveBaseline {
    /**
     * What one baseline run measured.
     *
     * @param stats the simulator's counters at the end (requests, tasks billed twice, ...)
     */
    record Result(int threads, int tasks, double wallSeconds, long solved, long failed, SimulatorStats stats) {
        double requestsPerSolvedTask() {
            return solved == 0 ? Double.NaN : stats.requestsTotal() / (double) solved;
        }
    }

    private NaiveBaseline() {
    }

    /** Solves {@code tasks} tasks of {@code batch} with {@code threads} threads; the simulator is started and stopped here. */
    static Result run(int threads, int tasks, String batch, SimulatorSettings simulator) throws InterruptedException {
        try (SolverSimulator sim = SolverSimulator.start(simulator)) {
            NaiveClient client = new NaiveClient(sim.baseUrl(), "naive-baseline-key");
            AtomicInteger next = new AtomicInteger(1);
            AtomicLong solved = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            long started = System.nanoTime();
            List<Thread> pool = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(() -> {
                    int id;
                    while ((id = next.getAndIncrement()) <= tasks) {
                        try {
                            NaiveClient.Ending e = client.solve("6Le-harness-site-key", TaskLines.pageUrl(batch, id));
                            (e == NaiveClient.Ending.SOLVED ? solved : failed).incrementAndGet();
                        } catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }, "naive-" + threads + "-" + i);
                t.setDaemon(true);
                pool.add(t);
                t.start();
            }
            try {
                for (Thread t : pool) {
                    t.join();
                }
            } finally {
                pool.forEach(Thread::interrupt);
            }
            double wall = (System.nanoTime() - started) / 1e9;
            return new Result(threads, tasks, wall, solved.get(), failed.get(), sim.stats());
        }
    }
}
