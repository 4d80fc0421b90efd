package io.captchafleet.sandbox.simulator.internal;

import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The counters no journal entry rebuilds (requests, refusals, polls, faults of the transport), as
 * the state directory's {@code counters.json} holds them. Written every second and at close, so after
 * a {@code kill -9} they may miss the last second; billing and answers come from the journal and are
 * exact.
 *
 * @param faultsInjected by wire name; {@code unsolvable} is not here (the journal's billed entries carry it)
 * @param rejectedByTask refused submits by task identity, only tasks with some
 * @param pollsById result requests by solver id, only ids polled at least once
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record CounterSnapshot(int v, long requestsTotal, long rejectedSubmits, long resultRequests, long idsPolled,
                       long pollBudgetViolations, long slowSubmitReplies, long droppedSubmitReplies,
                       Map<String, Long> faultsInjected, Map<String, Long> rejectedByTask, Map<Long, Integer> pollsById) {
    static final int VERSION = 1;
}
