package io.captchafleet.producer.input;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems found in a task file, each as {@code file:line: problem}. All are counted; the first
 * {@code limit} are kept for the report, so a file of a million bad lines costs no memory. Not
 * thread-safe.
 */
public final class ProblemList {
    private final String fileName;
    private final int limit;
    private final List<String> shown = new ArrayList<>();
    private long count;

    public ProblemList(String fileName, int limit) {
        this.fileName = fileName;
        this.limit = limit;
    }

    public void add(long line, String problem) {
        count++;
        if (shown.size() < limit) {
            shown.add(fileName + ":" + line + ": " + problem);
        }
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public long count() {
        return count;
    }

    /** The kept problems, one per line, then {@code … and N more} when some were not kept. */
    public String lines() {
        StringBuilder sb = new StringBuilder(String.join("\n", shown));
        if (count > shown.size()) {
            sb.append("\n… and ").append(count - shown.size()).append(" more");
        }
        return sb.toString();
    }
}
