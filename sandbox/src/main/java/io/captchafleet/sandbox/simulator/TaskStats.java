package io.captchafleet.sandbox.simulator;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The counters of one task (one page URL or image), as {@code GET /stats/tasks} serves them under
 * the task's identity.
 *
 * @param billedSubmits submits of this task that were billed
 * @param rejectedSubmits well-formed submits of this task that were refused (not billed)
 * @param billedAgainAfterSuccess billed submits that came while an earlier one had delivered a token or could still deliver one
 * @param polls result requests that asked for one of this task's ids
 * @param answersGiven final answers sent (a token or {@code ERROR_CAPTCHA_UNSOLVABLE})
 * @param tokensGiven tokens sent
 * @param solverIds the task ids the billed submits got, in order
 * @param billedAt epoch milliseconds of each billed submit, in order
 * @param badReports {@code reportbad} (and JSON incorrect-answer reports) of this task's ids
 * @param goodReports {@code reportgood} (and JSON correct-answer reports) of this task's ids
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TaskStats(
        long billedSubmits,
        long rejectedSubmits,
        long billedAgainAfterSuccess,
        long polls,
        long answersGiven,
        long tokensGiven,
        List<String> solverIds,
        List<Long> billedAt,
        long badReports,
        long goodReports) {

    public TaskStats {
        solverIds = List.copyOf(solverIds);
        billedAt = List.copyOf(billedAt);
    }
}
