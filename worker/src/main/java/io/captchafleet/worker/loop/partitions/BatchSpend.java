package io.captchafleet.worker.loop.partitions;

import io.captchafleet.common.model.OutcomeStatus;

/**
 * What one batch's tasks of one partition cost, as their outcomes in the results table say: the costs
 * recorded, how many paid submits those cover, and the paid submits no cost covers yet (the one being
 * polled of an {@code in_flight} task, and those of outcomes that know no cost). Kept by its
 * {@link OwnedPartition}, which changes it with every change of its table; confined to the loop thread.
 */
public final class BatchSpend {
    private double cost;
    private int costedSubmits;
    private int uncostedSubmits;

    /** Recorded costs, in the account's currency. */
    public double cost() {
        return cost;
    }

    /** Paid submits whose cost is recorded. */
    public int costedSubmits() {
        return costedSubmits;
    }

    /** Paid submits whose cost is not recorded yet. */
    public int uncostedSubmits() {
        return uncostedSubmits;
    }

    /** Takes a task's state out ({@code sign} -1) or in (+1). */
    void count(TaskState s, int sign) {
        int paid = s.paidSubmits();
        boolean known = !Double.isNaN(s.cost());
        int uncosted = s.status() == OutcomeStatus.IN_FLIGHT ? (known ? Math.min(1, paid) : paid) : (known ? 0 : paid);
        if (known) {
            cost += sign * s.cost();
        }
        costedSubmits += sign * (paid - uncosted);
        uncostedSubmits += sign * uncosted;
    }

    boolean isEmpty() {
        return costedSubmits == 0 && uncostedSubmits == 0;
    }
}
