package io.captchafleet.producer.input;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One entry of a task file as a reader saw it: where it is, the id it gets and its task object, or the
 * problems that kept it from being read.
 *
 * @param line       the line the entry starts on, for messages
 * @param number     the entry's 1-based number among the file's tasks; its 0-based index is {@code number - 1}
 * @param id         the id part of its task id, or null when a problem prevented one
 * @param taskData   the task object, or null when it could not be read
 * @param checkpoint the checkpoint result, for checkpoint files; null otherwise
 * @param problems   what is wrong with the entry as read (not yet its parameters), never null
 */
public record InputTask(long line, long number, String id, ObjectNode taskData, CheckpointEntry checkpoint, List<String> problems) {

    public InputTask {
        problems = List.copyOf(problems);
    }

    static InputTask unreadable(long line, long number, String problem) {
        return new InputTask(line, number, null, null, null, List.of(problem));
    }

    /** The 0-based position in the batch. */
    public long index() {
        return number - 1;
    }

    public boolean readable() {
        return problems.isEmpty();
    }
}
