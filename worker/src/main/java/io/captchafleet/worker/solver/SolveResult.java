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
     * @param cost the price the provider reported, or null
     */
    record Solved(String solverId, String token, String cost, Instant submittedAt, Instant solvedAt) implements SolveResult {
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
     */
    record Failed(Classification error, Phase phase, String solverId, Instant submittedAt, boolean paid, boolean ambiguous,
                  String detail) implements SolveResult {
        public Failed {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(phase, "phase");
        }
    }

    /**
     * The submit never went out: the fleet is halted, the gate closed for a fatal error, or the solver is
     * closing. Nothing was paid; the worker keeps the task and submits it after the fleet resumes.
     */
    record NotSubmitted(String reason) implements SolveResult {
    }
}
