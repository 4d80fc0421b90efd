package io.captchafleet.sandbox.simulator.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One line of the journal: something that happened to the money or the answers, in the order it
 * happened. Fields a kind of entry does not use are left out.
 *
 * @param v the format version, {@value #VERSION}
 * @param event {@code seen}, {@code billed}, {@code answered}, {@code refilled} or {@code reported}
 * @param verdict a report's {@code bad} or {@code good}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record JournalEntry(int v, String event, String identity, Long id, String kind, Long submittedAt, Long readyAt,
                    Boolean unsolvable, String token, Long submits, String verdict) {
    static final int VERSION = 1;
    static final String SEEN = "seen";
    static final String BILLED = "billed";
    static final String ANSWERED = "answered";
    static final String REFILLED = "refilled";
    static final String REPORTED = "reported";

    static JournalEntry seen(String identity) {
        return new JournalEntry(VERSION, SEEN, identity, null, null, null, null, null, null, null, null);
    }

    static JournalEntry billed(Submission s) {
        return new JournalEntry(VERSION, BILLED, s.history().identity(), s.id(), s.kind().name(), s.submittedAt(), s.readyAt(),
                s.unsolvable(), s.token(), null, null);
    }

    static JournalEntry answered(Submission s) {
        return new JournalEntry(VERSION, ANSWERED, null, s.id(), null, null, null, null, null, null, null);
    }

    static JournalEntry refilled(long submits) {
        return new JournalEntry(VERSION, REFILLED, null, null, null, null, null, null, null, submits, null);
    }

    static JournalEntry reported(Submission s, boolean good) {
        return new JournalEntry(VERSION, REPORTED, null, s.id(), null, null, null, null, null, null, good ? "good" : "bad");
    }
}
