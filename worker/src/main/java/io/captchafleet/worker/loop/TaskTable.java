package io.captchafleet.worker.loop;

import java.util.HashMap;
import java.util.Map;

/**
 * The worker's local copy of the results topic for the partitions it owns: task id → {@link TaskState},
 * kept per partition so that a lost partition's state is dropped at once. It only ever moves forward
 * ({@link TaskState#isSupersededBy}), so reading back one's own commits, or a former owner's late
 * commit, is harmless. Confined to the worker loop thread.
 */
final class TaskTable {
    private final Map<Integer, Map<String, TaskState>> byPartition = new HashMap<>();

    TaskState get(int partition, String taskId) {
        Map<String, TaskState> tasks = byPartition.get(partition);
        return tasks == null ? null : tasks.get(taskId);
    }

    /** Records {@code next} unless the table already knows a later state. */
    void advance(int partition, String taskId, TaskState next) {
        byPartition.computeIfAbsent(partition, p -> new HashMap<>()).merge(taskId, next,
                (known, incoming) -> known.isSupersededBy(incoming) ? incoming : known);
    }

    void drop(int partition) {
        byPartition.remove(partition);
    }

    void clear() {
        byPartition.clear();
    }

    /** Number of tasks tracked, for metrics and the benchmark. */
    long size() {
        long n = 0;
        for (Map<String, TaskState> tasks : byPartition.values()) {
            n += tasks.size();
        }
        return n;
    }
}
