package io.captchafleet.worker.loop.partitions;

import io.captchafleet.common.model.OutcomeStatus;

/**
 * A finished task's entry of the results table packed into one non-negative {@code long}, the form in which
 * {@link ResultsSlice} keeps solved and failed tasks (its cost, when it has one, is kept beside it). From the
 * lowest bit: the status (1 bit: solved or failed), the report stage (2 bits), the paid submits (6 bits: up to
 * {@value #MAX_PAID_SUBMITS}), the generation (18 bits: up to {@value #MAX_GENERATION}) and the outcome's offset
 * in its results partition plus one (36 bits: offsets below {@value #MAX_OFFSET}, 0 while the offset is unknown).
 * A task outside these limits is not packed ({@link #fits}) but kept whole, so nothing is ever clamped: every field
 * read back is the one stored. Stateless.
 */
final class FinishedEntry {
    static final int MAX_PAID_SUBMITS = (1 << 6) - 1;
    static final int MAX_GENERATION = (1 << 18) - 1;
    static final long MAX_OFFSET = (1L << 36) - 2;

    private static final int REPORT_SHIFT = 1;
    private static final int PAID_SHIFT = 3;
    private static final int GENERATION_SHIFT = 9;
    private static final int OFFSET_SHIFT = 27;
    private static final ReportStage[] STAGES = ReportStage.values();

    private FinishedEntry() {
    }

    /** Whether a finished task's fields fit in one packed entry. */
    static boolean fits(TaskState s) {
        return s.status().terminal() && s.paidSubmits() <= MAX_PAID_SUBMITS && s.generation() >= 0
                && s.generation() <= MAX_GENERATION && s.outcomeOffset() <= MAX_OFFSET;
    }

    static long pack(TaskState s) {
        if (!fits(s)) {
            throw new IllegalStateException("a " + s.status().wire() + " task of generation " + s.generation() + ", "
                    + s.paidSubmits() + " paid submits, at offset " + s.outcomeOffset() + " does not fit a packed entry");
        }
        return (s.status() == OutcomeStatus.SOLVED ? 1L : 0L)
                | (long) s.report().ordinal() << REPORT_SHIFT
                | (long) s.paidSubmits() << PAID_SHIFT
                | (long) s.generation() << GENERATION_SHIFT
                | (s.outcomeOffset() + 1) << OFFSET_SHIFT;
    }

    static OutcomeStatus status(long packed) {
        return (packed & 1) == 1 ? OutcomeStatus.SOLVED : OutcomeStatus.FAILED;
    }

    static ReportStage report(long packed) {
        return STAGES[(int) (packed >>> REPORT_SHIFT & 3)];
    }

    static int paidSubmits(long packed) {
        return (int) (packed >>> PAID_SHIFT & MAX_PAID_SUBMITS);
    }

    static int generation(long packed) {
        return (int) (packed >>> GENERATION_SHIFT & MAX_GENERATION);
    }

    /** The outcome's offset, or -1 when it was not known. */
    static long offset(long packed) {
        return (packed >>> OFFSET_SHIFT) - 1;
    }
}
