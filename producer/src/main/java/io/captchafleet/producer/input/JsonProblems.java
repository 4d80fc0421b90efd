package io.captchafleet.producer.input;

import com.fasterxml.jackson.core.JsonProcessingException;

/** Short descriptions of JSON problems for messages that already say the file and line. */
final class JsonProblems {
    private JsonProblems() {
    }

    /** Jackson's message without its source excerpt, with the column where the text broke. */
    static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        if (e.getLocation() != null && e.getLocation().getColumnNr() > 0) {
            return message + " at column " + e.getLocation().getColumnNr();
        }
        return message;
    }
}
