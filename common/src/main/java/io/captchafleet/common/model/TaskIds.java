package io.captchafleet.common.model;

import java.util.regex.Pattern;

/**
 * Task ids are {@code <batch>/<id>}: the batch id, a slash, and the task's {@code id} field (or its
 * line number), so two batches never collide on the results topic.
 */
public final class TaskIds {
    /** Batch ids are short, printable and safe in file names and topic keys. */
    public static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final int MAX_TASK_PART = 200;

    private TaskIds() {
    }

    public static String of(String batch, String id) {
        return batch + "/" + id;
    }

    /** The batch part of a task id. */
    public static String batchOf(String taskId) {
        int slash = taskId.indexOf('/');
        return slash < 0 ? taskId : taskId.substring(0, slash);
    }

    /** Why {@code batch} is not a usable batch id, or null when it is. */
    public static String batchProblem(String batch) {
        if (batch == null || batch.isEmpty()) {
            return "must not be empty";
        }
        if (!BATCH_ID.matcher(batch).matches()) {
            return "must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit";
        }
        return null;
    }

    /** Why {@code id} is not a usable task id part, or null when it is. */
    public static String idProblem(String id) {
        if (id == null || id.isEmpty()) {
            return "must not be empty";
        }
        if (id.length() > MAX_TASK_PART) {
            return "must be at most " + MAX_TASK_PART + " characters";
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.isISOControl(id.charAt(i))) {
                return "must not contain control characters";
            }
        }
        return null;
    }
}
