package io.captchafleet.producer.input;

/**
 * The result part of one seed checkpoint entry. A solved entry becomes a {@code solved} outcome, so it
 * is never paid for again; every other status becomes a task.
 *
 * @param status    pending, solving, solved, failed or retrying
 * @param token     the answer of a solved entry
 * @param error     the seed's last error, if any
 * @param attempts  how many attempts the seed made
 * @param solveTime seconds the seed measured for the solve
 */
public record CheckpointEntry(String status, String token, String error, int attempts, double solveTime) {
    public static final String SOLVED = "solved";

    public boolean solved() {
        return SOLVED.equals(status);
    }
}
