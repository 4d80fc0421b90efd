package io.captchafleet.producer.submit;

import java.time.Duration;

import io.captchafleet.producer.input.InputFormat;
import io.captchafleet.producer.input.TaskFile;

/**
 * A task file that passed every check that needs no cluster ({@link Submitter#check}): its batch id,
 * its format and the result of reading every task. Publish it with {@link Submitter#submit(CheckedFile,
 * io.captchafleet.producer.progress.Progress)}. Immutable.
 */
public final class CheckedFile {
    private final TaskFile file;
    private final SubmitOptions options;
    private final String batch;
    private final InputFormat format;
    private final Prescan.Result scan;
    private final Duration checkTime;

    CheckedFile(TaskFile file, SubmitOptions options, String batch, InputFormat format, Prescan.Result scan, Duration checkTime) {
        this.file = file;
        this.options = options;
        this.batch = batch;
        this.format = format;
        this.scan = scan;
        this.checkTime = checkTime;
    }

    /** The batch id the file will be published under. */
    public String batch() {
        return batch;
    }

    /** How many entries the file holds. */
    public long total() {
        return scan.total();
    }

    TaskFile file() {
        return file;
    }

    SubmitOptions options() {
        return options;
    }

    InputFormat format() {
        return format;
    }

    Prescan.Result scan() {
        return scan;
    }

    /** How long the check took: part of the time the submit's summary names. */
    Duration checkTime() {
        return checkTime;
    }
}
