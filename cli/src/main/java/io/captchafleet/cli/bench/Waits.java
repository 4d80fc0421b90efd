package io.captchafleet.cli.bench;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded waits of the bench thread for a condition on the fleet (checked every 100 ms). */
final class Waits {
    private Waits() {
    }

    /** @throws IllegalStateException naming {@code what} when the time runs out */
    static void until(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }
}
