package io.captchafleet.sandbox.simulator.internal;

/**
 * The answer for one polled id, before a protocol writes it.
 *
 * @param state what to say
 * @param submission the task, for {@link PollState#SOLVED} (its token and kind); null otherwise
 * @param onSent what to count once the answer has reached the client (a token or unsolvable answer)
 */
record PollAnswer(PollState state, Submission submission, Runnable onSent) {
    private static final Runnable NOTHING = () -> { };

    static PollAnswer of(PollState state) {
        return new PollAnswer(state, null, NOTHING);
    }

    /** Whether this answer ends the task for the client (it should stop polling it). */
    boolean isFinal() {
        return state == PollState.SOLVED || state == PollState.UNSOLVABLE;
    }
}
