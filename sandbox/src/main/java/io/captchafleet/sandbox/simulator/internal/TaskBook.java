package io.captchafleet.sandbox.simulator.internal;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.captchafleet.sandbox.simulator.ReportCounts;
import io.captchafleet.sandbox.simulator.TaskStats;

/** Every submission by solver id and every task history by identity. Thread-safe (concurrent maps). */
final class TaskBook {
    /** Ids look like 2captcha's: ten digits, so a client that stores them as int overflows here too. */
    private static final long FIRST_ID = 7_000_000_001L;

    private final Map<Long, Submission> byId = new ConcurrentHashMap<>();
    private final Map<String, TaskHistory> byIdentity = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(FIRST_ID);

    /** The task's history; {@code onFirstSeen} runs once, for the call that created it. */
    TaskHistory history(String identity, Runnable onFirstSeen) {
        TaskHistory existing = byIdentity.get(identity);
        if (existing != null) {
            return existing;
        }
        TaskHistory created = new TaskHistory(identity);
        TaskHistory raced = byIdentity.putIfAbsent(identity, created);
        if (raced != null) {
            return raced;
        }
        onFirstSeen.run();
        return created;
    }

    long nextId() {
        return nextId.getAndIncrement();
    }

    /** An id issued before a restart: never issue it, or one below it, again. */
    void issuedBefore(long id) {
        nextId.accumulateAndGet(id + 1, Math::max);
    }

    /** The history of a task seen before, if any. */
    Optional<TaskHistory> existingHistory(String identity) {
        return Optional.ofNullable(byIdentity.get(identity));
    }

    /** Refused submits by identity, for the tasks with some. */
    Map<String, Long> rejectedByTask() {
        Map<String, Long> rejected = new TreeMap<>();
        byIdentity.forEach((identity, history) -> {
            if (history.rejected() > 0) {
                rejected.put(identity, history.rejected());
            }
        });
        return rejected;
    }

    /** Result requests by solver id, for the ids polled at least once. */
    Map<Long, Integer> pollsById() {
        Map<Long, Integer> polls = new TreeMap<>();
        byId.forEach((id, submission) -> {
            if (submission.polls() > 0) {
                polls.put(id, submission.polls());
            }
        });
        return polls;
    }

    void add(Submission submission) {
        byId.put(submission.id(), submission);
    }

    /** The submission with this id as the client wrote it; empty for an unknown or malformed id. */
    Optional<Submission> find(String idText) {
        return parseId(idText).map(byId::get);
    }

    /** The id as a number, empty when the text is not one. */
    static Optional<Long> parseId(String idText) {
        if (idText == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(idText.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Report counts by solver id, for the ids reported at least once. */
    Map<String, ReportCounts> reportsById() {
        Map<Long, ReportCounts> sorted = new TreeMap<>();
        byId.forEach((id, s) -> {
            if (s.badReports() + s.goodReports() > 0) {
                sorted.put(id, new ReportCounts(s.badReports(), s.goodReports()));
            }
        });
        Map<String, ReportCounts> byText = new java.util.LinkedHashMap<>();
        sorted.forEach((id, counts) -> byText.put(Long.toString(id), counts));
        return byText;
    }

    /** Every task's counters, sorted by identity. */
    Map<String, TaskStats> snapshot() {
        Map<String, TaskStats> sorted = new TreeMap<>();
        byIdentity.forEach((identity, history) -> sorted.put(identity, history.snapshot()));
        return sorted;
    }
}
