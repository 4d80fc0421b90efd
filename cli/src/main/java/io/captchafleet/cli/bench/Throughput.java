package io.captchafleet.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Samples a "tasks done" counter until it reaches the total, and reads the steady-state rate off the
 * samples: between the moments 20 % and 80 % of the tasks were done, leaving out the ramp-up and the
 * tail.
 */
final class Throughput {
    private static final Duration SAMPLE = Duration.ofMillis(100);

    private record Sample(long nanos, long done) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final long started = System.nanoTime();

    /** Samples until {@code done} reaches {@code total}; {@code each} runs after every sample (to kill, join…). */
    static Throughput follow(LongSupplier done, long total, Duration timeout, Runnable each) throws InterruptedException {
        Throughput t = new Throughput();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long d = done.getAsLong();
            t.samples.add(new Sample(System.nanoTime(), d));
            if (d >= total) {
                return t;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(d + " of " + total + " tasks done after " + timeout.toSeconds() + " s");
            }
            each.run();
            Thread.sleep(SAMPLE.toMillis());
        }
    }

    /** Tasks per second between the 20 % and 80 % marks of {@code total}. */
    double steadyRate(long total) {
        return rateBetween((long) (total * 0.2), (long) (total * 0.8));
    }

    double rateBetween(long from, long to) {
        Sample a = first(from);
        Sample b = first(to);
        return (b.done() - a.done()) / ((b.nanos() - a.nanos()) / 1e9);
    }

    /** Seconds from the start of sampling to the last sample. */
    double seconds() {
        return (samples.get(samples.size() - 1).nanos() - started) / 1e9;
    }

    private Sample first(long done) {
        for (Sample s : samples) {
            if (s.done() >= done) {
                return s;
            }
        }
        return samples.get(samples.size() - 1);
    }
}
