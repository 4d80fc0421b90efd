package io.captchafleet.worker.solver.internal;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The answer to one poll request: one {@link Answer} per solver id asked, in the order asked. When the
 * request as a whole failed (transport error, an error for the whole request, a wrong answer count),
 * every id carries that same answer and {@link #requestError()} holds it. Immutable.
 */
record PollReply(List<Answer> perId, Answer requestError) {

    PollReply {
        perId = List.copyOf(perId);
    }

    static PollReply of(List<Answer> perId) {
        return new PollReply(perId, null);
    }

    /** The whole request failed: every one of {@code count} ids gets {@code error}. */
    static PollReply failed(int count, Answer error) {
        Objects.requireNonNull(error, "error");
        return new PollReply(Collections.nCopies(count, error), error);
    }

    /** The {@code result} label for the request. */
    String resultLabel() {
        if (requestError != null) {
            return requestError.resultLabel();
        }
        boolean anyError = false;
        for (Answer a : perId) {
            if (a instanceof Answer.Ok) {
                return "ok";
            }
            anyError |= a instanceof Answer.ApiError;
        }
        return anyError ? "api_error" : "not_ready";
    }
}
