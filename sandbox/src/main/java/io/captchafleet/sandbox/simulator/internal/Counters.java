package io.captchafleet.sandbox.simulator.internal;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import io.captchafleet.sandbox.simulator.Fault;
import io.captchafleet.sandbox.simulator.SimulatorStats;

/** The simulator-wide counters behind {@code /stats}. Thread-safe: each is a {@code LongAdder} or accumulator. */
final class Counters {
    private static final long NONE = Long.MIN_VALUE;

    final LongAdder requestsTotal = new LongAdder();
    final LongAdder acceptedSubmits = new LongAdder();
    final LongAdder rejectedSubmits = new LongAdder();
    final LongAdder tasksSeen = new LongAdder();
    final LongAdder tasksBilledMoreThanOnce = new LongAdder();
    final LongAdder tasksBilledAgainAfterSuccess = new LongAdder();
    final LongAdder resultRequests = new LongAdder();
    final LongAdder idsPolled = new LongAdder();
    final LongAdder solved = new LongAdder();
    final LongAdder unsolvableAnswers = new LongAdder();
    final LongAdder pollBudgetViolations = new LongAdder();
    final LongAdder slowSubmitReplies = new LongAdder();
    final LongAdder droppedSubmitReplies = new LongAdder();
    final LongAdder pingbacksSent = new LongAdder();
    final LongAdder pingbacksDelivered = new LongAdder();
    final LongAdder pingbacksDropped = new LongAdder();
    final LongAdder pingbacksDuplicated = new LongAdder();
    final LongAdder pingbacksFailed = new LongAdder();
    final LongAdder pingbacksRefused = new LongAdder();
    final LongAdder badReports = new LongAdder();
    final LongAdder goodReports = new LongAdder();
    private final Map<Fault, LongAdder> faults = new EnumMap<>(Fault.class);
    private final LongAccumulator firstSubmitAt = new LongAccumulator((a, b) -> a == NONE ? b : Math.min(a, b), NONE);
    private final LongAccumulator lastSubmitAt = new LongAccumulator(Math::max, NONE);

    Counters() {
        for (Fault fault : Fault.values()) {
            faults.put(fault, new LongAdder());
        }
    }

    void faultInjected(Fault fault) {
        faults.get(fault).increment();
    }

    void billed(long at, TaskHistory.Billing billing) {
        acceptedSubmits.increment();
        firstSubmitAt.accumulate(at);
        lastSubmitAt.accumulate(at);
        if (billing.nowBilledTwice()) {
            tasksBilledMoreThanOnce.increment();
        }
        if (billing.nowBilledAgainAfterSuccess()) {
            tasksBilledAgainAfterSuccess.increment();
        }
    }

    /** The counters no journal entry rebuilds, with the book's per-task ones, for the state directory. */
    CounterSnapshot requestCounts(TaskBook book) {
        Map<String, Long> transportFaults = new LinkedHashMap<>();
        faults.forEach((fault, count) -> {
            if (fault != Fault.UNSOLVABLE) {
                transportFaults.put(fault.wireName(), count.sum());
            }
        });
        return new CounterSnapshot(CounterSnapshot.VERSION, requestsTotal.sum(), rejectedSubmits.sum(), resultRequests.sum(),
                idsPolled.sum(), pollBudgetViolations.sum(), slowSubmitReplies.sum(), droppedSubmitReplies.sum(), transportFaults,
                book.rejectedByTask(), book.pollsById());
    }

    /** Adds the counters of a snapshot (the journal has rebuilt the rest). */
    void restore(CounterSnapshot s) {
        requestsTotal.add(s.requestsTotal());
        rejectedSubmits.add(s.rejectedSubmits());
        resultRequests.add(s.resultRequests());
        idsPolled.add(s.idsPolled());
        pollBudgetViolations.add(s.pollBudgetViolations());
        slowSubmitReplies.add(s.slowSubmitReplies());
        droppedSubmitReplies.add(s.droppedSubmitReplies());
        s.faultsInjected().forEach((name, count) -> Fault.fromWireName(name)
                .filter(fault -> fault != Fault.UNSOLVABLE)
                .ifPresent(fault -> faults.get(fault).add(count)));
    }

    SimulatorStats snapshot(Long balanceRemaining) {
        Map<String, Long> faultCounts = new LinkedHashMap<>();
        faults.forEach((fault, count) -> faultCounts.put(fault.wireName(), count.sum()));
        long requests = requestsTotal.sum();
        long solvedTasks = solved.sum();
        return new SimulatorStats(
                acceptedSubmits.sum(),
                rejectedSubmits.sum(),
                tasksSeen.sum(),
                tasksBilledMoreThanOnce.sum(),
                tasksBilledAgainAfterSuccess.sum(),
                resultRequests.sum(),
                idsPolled.sum(),
                solvedTasks,
                unsolvableAnswers.sum(),
                requests,
                solvedTasks == 0 ? null : (double) requests / solvedTasks,
                pollBudgetViolations.sum(),
                slowSubmitReplies.sum(),
                droppedSubmitReplies.sum(),
                faultCounts,
                balanceRemaining,
                orNull(firstSubmitAt.get()),
                orNull(lastSubmitAt.get()),
                pingbacksSent.sum(),
                pingbacksDelivered.sum(),
                pingbacksDropped.sum(),
                pingbacksDuplicated.sum(),
                pingbacksFailed.sum(),
                pingbacksRefused.sum(),
                badReports.sum(),
                goodReports.sum());
    }

    private static Long orNull(long at) {
        return at == NONE ? null : at;
    }
}
