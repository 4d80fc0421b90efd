package io.captchafleet.worker.solver.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One provider protocol: builds the requests and parses the answers. The futures never complete
 * exceptionally: every failure is an {@link Answer}. Thread-safe and stateless apart from the HTTP client.
 */
interface SolverApi {

    /**
     * Submits a task; {@link Answer.Ok#value()} is the solver id.
     *
     * @throws UnsupportedTaskException at once, sending nothing, when the task cannot be expressed in this protocol
     */
    CompletableFuture<Answer> submit(ObjectNode taskData);

    /** Asks for the state of {@code ids} (at most {@link #maxIdsPerPoll()}); the reply has one answer per id. */
    CompletableFuture<PollReply> poll(List<String> ids);

    /** How many ids one poll request may carry: the multi-id chunk, or 1. */
    int maxIdsPerPoll();

    /** The balance; {@link Answer.Ok#value()} is the amount as the provider wrote it. */
    CompletableFuture<Answer> balance();

    /**
     * Reports an answer with the profile's call for it: a {@code res.php} action ({@code reportbad}) or a JSON
     * method ({@code reportIncorrectRecaptcha}); {@link Answer.Ok#value()} is what the provider answered.
     */
    CompletableFuture<Answer> report(String solverId, String call);
}
