package io.captchafleet.worker.solver;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every listener call in order, per task id. Thread-safe. */
final class RecordingListener implements SolveListener {
    /** One call: {@code paid} with the solver id, or {@code done} with the result. */
    record Event(String taskId, String kind, String solverId, SolveResult result) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final Map<String, SolveResult> results = new ConcurrentHashMap<>();

    @Override
    public void onPaid(SolveRequest request, String solverId, Instant submittedAt) {
        events.add(new Event(request.taskId(), "paid", solverId, null));
    }

    @Override
    public void onDone(SolveRequest request, SolveResult result) {
        events.add(new Event(request.taskId(), "done", null, result));
        results.put(request.taskId(), result);
    }

    List<Event> events() {
        return new ArrayList<>(events);
    }

    List<Event> events(String taskId) {
        return events.stream().filter(e -> e.taskId().equals(taskId)).toList();
    }

    SolveResult awaitResult(String taskId) {
        return awaitResult(taskId, Duration.ofSeconds(10));
    }

    SolveResult awaitResult(String taskId, Duration within) {
        await().atMost(within).until(() -> results.containsKey(taskId));
        return results.get(taskId);
    }

    SolveResult result(String taskId) {
        return results.get(taskId);
    }

    int done() {
        return results.size();
    }

    Map<String, SolveResult> results() {
        return Map.copyOf(results);
    }
}
