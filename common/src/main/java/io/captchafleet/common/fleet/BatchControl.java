package io.captchafleet.common.fleet;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What the fleet events say about one batch: its spending limit, whether it is cancelled (and up to which
 * generation), whether it is purged. Folded by {@link FleetState} from the batch's CAP, CANCEL and PURGE
 * events. Immutable.
 *
 * @param maxSpend            the spending limit in the account's currency, or null for none
 * @param capSetAt            when the newest CAP event was written, or null when none named the batch: then the cap
 *                            given at submit (the manifest's and the task records' {@code max_spend}) applies
 * @param cancelledBecause    the reason given when it was cancelled, or null
 * @param cancelledAt         when it was cancelled, or null while it is not
 * @param purgedAt            when its records were deleted, or null
 * @param cancelledGeneration the newest generation the cancel covers; {@link Integer#MAX_VALUE} for a cancel that
 *                            named none (every generation); 0 while it is not cancelled
 */
public record BatchControl(BigDecimal maxSpend, Instant capSetAt, String cancelledBecause, Instant cancelledAt, Instant purgedAt,
                           int cancelledGeneration) {
    /** A batch no event has named: no cap, not cancelled, not purged. */
    public static final BatchControl NONE = new BatchControl(null, null, null, null, null, 0);

    /** The controls without a cancel generation (a cancel read as covering every generation). */
    public BatchControl(BigDecimal maxSpend, Instant capSetAt, String cancelledBecause, Instant cancelledAt, Instant purgedAt) {
        this(maxSpend, capSetAt, cancelledBecause, cancelledAt, purgedAt, cancelledAt == null ? 0 : Integer.MAX_VALUE);
    }

    public boolean capped() {
        return maxSpend != null;
    }

    /**
     * The batch's cap: the newest CAP event's amount (a lifted cap is none) once one was written, else the cap
     * given at submit ({@code atSubmit}, null for none).
     */
    public BigDecimal maxSpend(BigDecimal atSubmit) {
        return capSetAt != null ? maxSpend : atSubmit;
    }

    /** Whether any cancel was written for the batch (see {@link #cancels(int)} for whether it still holds). */
    public boolean cancelled() {
        return cancelledAt != null;
    }

    /** Whether the batch's tasks of {@code generation} are cancelled: a later generation ({@code retry-failed}) is not. */
    public boolean cancels(int generation) {
        return cancelled() && generation <= cancelledGeneration;
    }

    public boolean purged() {
        return purgedAt != null;
    }

    BatchControl withCap(BigDecimal amount, Instant at) {
        return new BatchControl(amount, at, cancelledBecause, cancelledAt, purgedAt, cancelledGeneration);
    }

    BatchControl cancelledAt(String reason, Instant at, int generation) {
        return new BatchControl(maxSpend, capSetAt, reason, at, purgedAt, generation > 0 ? generation : Integer.MAX_VALUE);
    }

    BatchControl purgedAt(Instant at) {
        return new BatchControl(maxSpend, capSetAt, cancelledBecause, cancelledAt, at, cancelledGeneration);
    }
}
