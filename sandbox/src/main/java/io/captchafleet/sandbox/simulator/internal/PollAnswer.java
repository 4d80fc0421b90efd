package io.captchafleet.sandbox.simulator.internal;

/**
 * The answer for one polled id, before a protocol writes it.
 *
 * @param state what to say
 * @param submission the task, for {@link PollState#SOLVED} (its token and kind); null otherwise
 * @param onSent what to count once the answer is being sent (a token or an unsolvable answer): a dropped reply counts nothing
 */
record PollAnswer(PollState state, Submission submission, Runnable onSent) {
    private static final Runnable NOTHING = () -> { };

    static PollAnswer of(PollState state) {
        return new PollAnswer(state, null, NOTHING);
    }
}
