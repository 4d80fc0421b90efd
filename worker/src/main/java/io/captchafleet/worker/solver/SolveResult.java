package io.captchafleet.worker.solver;

import java.time.Instant;
import java.util.Objects;

import io.captchafleet.common.errors.Classification;
import io.captchafleet.common.errors.Phase;

/** How a solve ended: solved, failed (with the classified error), or never submitted. */
public sealed interface SolveResult permits SolveResult.Solved, SolveResult.Failed, SolveResult.NotSubmitted {

    /**
     * The provider answered with a token (or an image's text).
     *
     * @param cost what the paid submit cost (the API's price, else an estimate), or null when nothing is known
     */
    record Solved(String solverId, String token, Cost cost, Instant submittedAt, Instant solvedAt) implements SolveResult {
        public Solved {
            Objects.requireNonNull(solverId, "solverId");
            Objects.requireNonNull(token, "token");
        }
    }

    /**
     * The solve failed. The classification's action says what the worker does next (retry tier, one more
     * attempt, fail, halt, or a new submit when the provider forgot the id).
     *
     * @param error       the classified error
     * @param phase       whether it happened on the submit or while polling
     * @param solverId    the paid submit's id when there was one, else null
     * @param submittedAt when that submit was accepted, else null
     * @param paid        whether a submit was accepted (billed) for this solve
     * @param ambiguous   the submit's reply never came (time-out or cut connection after sending): it may
     *                    have been billed; counted as an ambiguous submit
     * @param detail      a short description for logs (HTTP status, a body excerpt); never contains the API key
     * @param cost        for a failure while polling a paid submit: what that submit cost (nothing for an unsolvable
     *                    answer the provider refunds; an estimate otherwise), or null when unknown or not paid
     */
    record Failed(Classification error, Phase phase, String solverId, Instant submittedAt, boolean paid, boolean ambiguous,
                  String detail, Cost cost) implements SolveResult {
        public Failed {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(phase, "phase");
        }

        /** A failure before any cost is known (the solver adds the cost of a paid one when it ends the solve). */
        public Failed(Classification error, Phase phase, String solverId, Instant submittedAt, boolean paid, boolean ambiguous,
                      String detail) {
            this(error, phase, solverId, submittedAt, paid, ambiguous, detail, null);
        }

        public Failed withCost(Cost c) {
            return new Failed(error, phase, solverId, submittedAt, paid, ambiguous, detail, c);
        }
    }

    /**
     * The submit never went out: the fleet is halted, the gate closed for a fatal error, or the solver is
     * closing. Nothing was paid; the worker keeps the task and submits it after the fleet resumes.
     */
    record NotSubmitted(String reason) implements SolveResult {
    }
}
