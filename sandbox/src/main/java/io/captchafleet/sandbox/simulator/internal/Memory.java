package io.captchafleet.sandbox.simulator.internal;

/**
 * What the simulation tells its state directory as it happens, so that a restarted simulator answers
 * for every id it issued and bills nothing anew. {@link #NONE} forgets everything: the default, and
 * what tests and a simulator without a directory use. Implementations are thread-safe.
 */
interface Memory extends AutoCloseable {
    /** A task (page URL, image) reached the solver for the first time. */
    void seen(String identity);

    /** A submit was billed; called before its reply leaves, so every id a client holds is remembered. */
    void billed(Submission submission);

    /** A final answer (a token, or unsolvable) for this submission is being sent. */
    void answered(Submission submission);

    /** The balance was raised by this many billable submits. */
    void refilled(long submits);

    /** The answer of this submission was reported bad or good. */
    void reported(Submission submission, boolean good);

    @Override
    void close();

    /** Remembers nothing. */
    Memory NONE = new Memory() {
        @Override
        public void seen(String identity) {
        }

        @Override
        public void billed(Submission submission) {
        }

        @Override
        public void answered(Submission submission) {
        }

        @Override
        public void refilled(long submits) {
        }

        @Override
        public void reported(Submission submission, boolean good) {
        }

        @Override
        public void close() {
        }
    };
}
