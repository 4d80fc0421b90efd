package io.captchafleet.producer.ops;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.captchafleet.common.InputException;
import io.captchafleet.common.model.TaskIds;
import io.captchafleet.common.model.Verdict;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.serde.RecordFormatException;
import io.captchafleet.common.serde.StrictObject;
import io.captchafleet.common.serde.VerdictCodec;
import io.captchafleet.producer.input.ProblemList;

/**
 * What {@code report} is told: task ids with one verdict ({@code --task}), or JSON Lines of
 * {@code {"task_id":…,"verdict":…}} ({@code --from FILE}, {@code -} for stdin). A task id is the batch's
 * {@code <batch>/<id>} or just the {@code <id>} part. Every line is checked and every problem named with its
 * line; nothing is reported from an input with problems. The last verdict given for a task counts. Stateless.
 */
public final class VerdictInput {
    private static final int MAX_PROBLEMS = 50;

    private VerdictInput() {
    }

    /** {@code --task ID...} with {@code --verdict}. */
    public static List<Verdict> ofTasks(String batch, Verdict.Kind verdict, List<String> ids, String by) {
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String id : ids) {
            String taskId = taskId(batch, id);
            if (taskId == null) {
                problems.add("--task " + id + ": not a task of batch " + batch);
            } else {
                verdicts.put(taskId, new Verdict(taskId, verdict, by, null));
            }
        }
        if (!problems.isEmpty()) {
            throw new InputException(String.join("\n", problems) + "\nnothing was reported");
        }
        return List.copyOf(verdicts.values());
    }

    /**
     * JSON Lines, one verdict per line ({@code verdict} may be left out when {@code --verdict} gives one).
     *
     * @throws InputException listing every bad line ({@code name:line: problem}); nothing is reported then
     */
    public static List<Verdict> ofLines(String batch, Optional<Verdict.Kind> verdict, String name, BufferedReader in, String by) {
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        ProblemList problems = new ProblemList(name, MAX_PROBLEMS);
        String line;
        long number = 0;
        try {
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    Verdict v = line(batch, verdict, line, by);
                    verdicts.put(v.taskId(), v);
                } catch (RecordFormatException e) {
                    problems.add(number, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name, e);
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems.count() + " lines of " + name + " are invalid; nothing was reported:\n" + problems.lines());
        }
        if (verdicts.isEmpty()) {
            throw new InputException(name + " holds no verdicts; nothing was reported");
        }
        return List.copyOf(verdicts.values());
    }

    private static Verdict line(String batch, Optional<Verdict.Kind> verdict, String line, String by) {
        JsonNode node = Json.parse(line.getBytes(java.nio.charset.StandardCharsets.UTF_8), "verdict line");
        StrictObject o = StrictObject.of(node, "verdict line");
        if (!o.node().has("verdict") && verdict.isPresent()) {
            o.node().put("verdict", verdict.get().wire());
        }
        String given = o.requiredText("task_id");
        String taskId = taskId(batch, given);
        if (taskId == null) {
            throw o.invalid("task_id", "\"" + given + "\" is not a task of batch " + batch);
        }
        o.node().put("task_id", taskId);
        Verdict v = VerdictCodec.of(o);
        return new Verdict(v.taskId(), v.verdict(), by, null);
    }

    /** {@code <batch>/<id>} for a full id of the batch or an id part; null for another batch's id. */
    private static String taskId(String batch, String given) {
        if (given.indexOf('/') < 0) {
            return TaskIds.idProblem(given) == null ? TaskIds.of(batch, given) : null;
        }
        return given.startsWith(batch + "/") && given.length() > batch.length() + 1 ? given : null;
    }
}
