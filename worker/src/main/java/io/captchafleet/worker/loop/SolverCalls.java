package io.captchafleet.worker.loop;

import java.time.Clock;

import io.captchafleet.worker.loop.tasks.Task;
import io.captchafleet.worker.loop.tasks.TaskBook;
import io.captchafleet.worker.solver.Solver;

/** Starts the solver's work for a task: a submit of its input, or a poll of its solver id. Loop thread only. */
final class SolverCalls {
    private final Solver solver;
    private final SolverEvents events;
    private final TaskBook book;
    private final Clock clock;

    SolverCalls(Solver solver, SolverEvents events, TaskBook book, Clock clock) {
        this.solver = solver;
        this.events = events;
        this.book = book;
        this.clock = clock;
    }

    void submit(Task t) {
        book.beginSubmit(t, (request, token) -> solver.solve(request, events.listenerFor(t, token)));
    }

    void poll(Task t) {
        book.beginPoll(t, (request, token) -> solver.resume(request, t.solverId(),
                t.submittedAt() != null ? t.submittedAt() : clock.instant(), events.listenerFor(t, token)));
    }
}
