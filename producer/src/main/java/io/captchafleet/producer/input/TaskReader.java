package io.captchafleet.producer.input;

import java.io.Closeable;
import java.io.IOException;

/**
 * Reads the tasks of one file in order, one at a time. An entry that cannot be read comes back with
 * its problems so that every bad line is reported, not only the first; after a problem that makes
 * the rest of the file unreadable (a broken JSON array) the reader ends.
 */
public interface TaskReader extends Closeable {

    /** The next entry, or null at the end of the file. */
    InputTask next() throws IOException;
}
