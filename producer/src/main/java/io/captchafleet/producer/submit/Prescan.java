package io.captchafleet.producer.submit;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.captchafleet.common.compact.LongLongMap;
import io.captchafleet.common.compact.TaskHash;
import io.captchafleet.common.topics.TopicSettings;
import io.captchafleet.producer.input.ContentHash;
import io.captchafleet.producer.input.InputFormat;
import io.captchafleet.producer.input.InputTask;
import io.captchafleet.producer.input.ProblemList;
import io.captchafleet.producer.input.TaskFile;
import io.captchafleet.producer.input.TaskReader;
import io.captchafleet.producer.input.TaskValidator;
import io.captchafleet.producer.progress.Progress;

/**
 * The first pass over a task file: every entry is read and checked, nothing is published. Duplicate
 * ids are found with a {@link LongLongMap} from the 64-bit hash of each id to the line it was first
 * seen on (16 to 32 bytes per task), never a set of the ids themselves, so a 5-million-task file
 * needs well under 200 MiB.
 */
final class Prescan {
    /** Room for the record's own fields around the task object. */
    private static final int RECORD_OVERHEAD = 4096;

    /**
     * What the first pass found. {@code perPartition} counts the tasks each partition of the tasks topic gets (by
     * Kafka's default partitioner), when the pass was given the partition count; empty otherwise.
     */
    record Result(long total, long tasks, long solved, String contentHash, ProblemList problems, long rejected, long[] perPartition) {

        /** The share of the batch's tasks in partition {@code p}, when counted. */
        Double share(int p) {
            return perPartition.length == 0 || tasks == 0 ? null : (double) perPartition[p] / tasks;
        }
    }

    private Prescan() {
    }

    /** @param partitions the tasks topic's partition count to count the tasks of each partition by, or 0 not to */
    static Result run(TaskFile file, InputFormat format, SubmitOptions options, Progress progress, String batch, int partitions) {
        long[] perPartition = new long[partitions];
        TaskValidator validator = new TaskValidator(options.allowUnknownMethods());
        ProblemList problems = new ProblemList(file.name(), options.maxErrors());
        LongLongMap firstLineOfId = new LongLongMap();
        ContentHash hash = new ContentHash();
        long total = 0;
        long solved = 0;
        long rejected = 0;
        progress.beginBytes("validating " + file.name(), file.size());
        try (TaskReader reader = file.reader(format, progress::update)) {
            InputTask task;
            while ((task = reader.next()) != null) {
                total++;
                boolean bad = false;
                for (String p : task.problems()) {
                    problems.add(task.line(), p);
                    bad = true;
                }
                if (task.taskData() != null) {
                    for (String p : validator.problems(task.taskData())) {
                        problems.add(task.line(), p);
                        bad = true;
                    }
                }
                if (task.id() != null) {
                    long previous = firstLineOfId.merge(TaskHash.of(task.id()), task.line(), (first, ignored) -> first);
                    if (previous != LongLongMap.ABSENT) {
                        problems.add(task.line(), "duplicate id \"" + task.id() + "\" (first used on line " + previous + ")");
                        bad = true;
                    }
                    int size = hash.add(task.id(), task.taskData());
                    if (size + RECORD_OVERHEAD > TopicSettings.DEFAULT_MAX_MESSAGE_BYTES) {
                        problems.add(task.line(), "the task is " + size + " bytes of JSON; a task record may be at most "
                                + (TopicSettings.DEFAULT_MAX_MESSAGE_BYTES - RECORD_OVERHEAD) + " bytes");
                        bad = true;
                    }
                }
                if (bad) {
                    rejected++;
                } else if (task.checkpoint() != null && task.checkpoint().solved()) {
                    solved++;
                } else if (partitions > 0) {
                    perPartition[SpendShares.partitionOf(batch, task.id(), partitions)]++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file.name(), e);
        } finally {
            progress.close();
        }
        return new Result(total, total - rejected - solved, solved, hash.hex(), problems, rejected, perPartition);
    }
}
