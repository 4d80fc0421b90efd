package io.captchafleet.sandbox.simulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A snapshot of the simulator's counters, the same as {@code GET /stats} serves (in snake_case). A
 * task is identified by its page URL ({@code pageurl}, {@code websiteURL}) or, for an image, by the
 * hash of the image; every count below is exact, whatever the concurrency.
 *
 * @param acceptedSubmits submits that were billed (and created a task)
 * @param rejectedSubmits submits that were not billed: errors, {@code no-slot}, and {@code http-500} or {@code garbage} faults
 * @param tasksSeen distinct tasks in well-formed submits that passed the key check
 * @param tasksBilledMoreThanOnce tasks billed two times or more, for whatever reason
 * @param tasksBilledAgainAfterSuccess tasks billed again while an earlier submit of them had delivered a token or could still
 *     deliver one (in progress, or solved and not expired): the double payments a correct client avoids. A submit again after
 *     an unsolvable answer, or after the answer expired undelivered, is legitimate and not counted
 * @param resultRequests HTTP requests for results ({@code res.php?action=get}, {@code getTaskResult})
 * @param idsPolled task ids asked for in those requests (a multi-id request counts each id)
 * @param solved tasks whose token reached a client at least once
 * @param unsolvableAnswers {@code ERROR_CAPTCHA_UNSOLVABLE} answers sent
 * @param requestsTotal every request to the solver API endpoints (not {@code /stats} or {@code /admin})
 * @param requestsPerSolvedTask {@code requestsTotal / solved}, or null before anything is solved
 * @param pollBudgetViolations result requests for an id beyond the poll budget (each answered {@code ERROR: 1005})
 * @param slowSubmitReplies submit replies held back by the {@code slow} fault
 * @param droppedSubmitReplies submit replies lost to the {@code drop} fault
 * @param faultsInjected each fault's count by its wire name ({@code no-slot}, {@code http-500}, ...), all present
 * @param balanceRemaining billable submits left, or null when the balance is unlimited
 * @param firstSubmitAt epoch milliseconds of the first billed submit, or null
 * @param lastSubmitAt epoch milliseconds of the latest billed submit, or null
 * @param pingbacksSent callbacks sent (a duplicate counts twice) to the URL a submit named
 * @param pingbacksDelivered callbacks the client answered with 2xx: each delivered its task's answer
 * @param pingbacksDropped callbacks never sent, by the {@link Pingbacks#dropShare() drop share}
 * @param pingbacksDuplicated callbacks sent twice, by the {@link Pingbacks#duplicateShare() duplicate share}
 * @param pingbacksFailed callbacks the client refused (not 2xx) or did not answer
 * @param pingbacksRefused callback URLs off loopback, never called
 * @param badReports answers reported bad ({@code reportbad}, {@code reportIncorrect...}) for an id the simulator knows
 * @param goodReports answers reported good ({@code reportgood}, {@code reportCorrect...}) for an id the simulator knows
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SimulatorStats(
        long acceptedSubmits,
        long rejectedSubmits,
        long tasksSeen,
        long tasksBilledMoreThanOnce,
        long tasksBilledAgainAfterSuccess,
        long resultRequests,
        long idsPolled,
        long solved,
        long unsolvableAnswers,
        long requestsTotal,
        Double requestsPerSolvedTask,
        long pollBudgetViolations,
        long slowSubmitReplies,
        long droppedSubmitReplies,
        Map<String, Long> faultsInjected,
        Long balanceRemaining,
        Long firstSubmitAt,
        Long lastSubmitAt,
        long pingbacksSent,
        long pingbacksDelivered,
        long pingbacksDropped,
        long pingbacksDuplicated,
        long pingbacksFailed,
        long pingbacksRefused,
        long badReports,
        long goodReports) {

    public SimulatorStats {
        // In the order of Fault, as /stats lists them.
        faultsInjected = Collections.unmodifiableMap(new LinkedHashMap<>(faultsInjected));
    }

    /** How often this fault was injected. */
    public long faultsInjected(Fault fault) {
        return faultsInjected.getOrDefault(fault.wireName(), 0L);
    }
}
