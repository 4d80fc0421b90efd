package io.captchafleet.sandbox.simulator.internal;

import java.util.PriorityQueue;

import io.captchafleet.sandbox.simulator.SimulatorSettings;

/**
 * The customer account a submit is billed to: the key it must bring, the balance in billable
 * submits, and the limit on tasks in progress at once. Admission (balance and concurrency) is one
 * decision under this object's lock, so no two concurrent submits can both take the last submit or
 * the last slot.
 */
final class Account {
    /** What {@link #admit} decided. */
    enum Admission { ADMITTED, ZERO_BALANCE, NO_SLOT }

    /** Null accepts any non-blank key. */
    private volatile String requiredKey;
    private final int maxConcurrent;
    /** When each admitted task stops being in progress (its ready time); guarded by this. Only kept with a limit. */
    private final PriorityQueue<Long> inProgressUntil = new PriorityQueue<>();
    /** Billable submits left, or null when unlimited; guarded by this. */
    private Long balance;

    Account(SimulatorSettings settings) {
        this.requiredKey = settings.key().orElse(null);
        this.maxConcurrent = settings.maxConcurrent().orElse(Integer.MAX_VALUE);
        this.balance = settings.balance().isPresent() ? settings.balance().getAsLong() : null;
    }

    boolean accepts(String key) {
        String required = requiredKey;
        return key != null && !key.isBlank() && (required == null || required.equals(key));
    }

    void setRequiredKey(String key) {
        this.requiredKey = key;
    }

    /** Bills one submit whose task is in progress until {@code readyAt}, if the balance and the concurrency limit allow. */
    synchronized Admission admit(long now, long readyAt) {
        if (balance != null && balance <= 0) {
            return Admission.ZERO_BALANCE;
        }
        if (maxConcurrent != Integer.MAX_VALUE) {
            while (!inProgressUntil.isEmpty() && inProgressUntil.peek() <= now) {
                inProgressUntil.poll();
            }
            if (inProgressUntil.size() >= maxConcurrent) {
                return Admission.NO_SLOT;
            }
            inProgressUntil.add(readyAt);
        }
        if (balance != null) {
            balance--;
        }
        return Admission.ADMITTED;
    }

    /** A billed submit a state directory remembered: it took one submit of the balance and a slot until {@code readyAt}. */
    synchronized void restoreBilled(long readyAt) {
        if (maxConcurrent != Integer.MAX_VALUE) {
            inProgressUntil.add(readyAt);
        }
        if (balance != null) {
            balance--;
        }
    }

    /** Adds billable submits; an unlimited balance stays unlimited. */
    synchronized void refill(long submits) {
        if (balance != null) {
            balance += submits;
        }
    }

    /** Billable submits left, or null when unlimited. */
    synchronized Long balanceRemaining() {
        return balance;
    }
}
