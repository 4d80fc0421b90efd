package io.captchafleet.worker.loop.tasks;

import io.captchafleet.common.model.TaskRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A task record as read from the tasks topic or a retry tier: the task exactly as it was submitted, and
 * where it was read (its offset stays unfinished until the task's outcome is in a transaction).
 */
public record InputRecord(TopicPartition source, long offset, TaskRecord task) {

    /** Whether this record is the attempt a paid task is in: same generation and attempt. */
    boolean isAttemptOf(TaskRecord paid) {
        return task.generation() == paid.generation() && task.attempt() == paid.attempt();
    }
}
