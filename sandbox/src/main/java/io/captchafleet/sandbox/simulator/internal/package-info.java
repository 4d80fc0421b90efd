/**
 * The simulator's machinery, hidden behind {@link io.captchafleet.sandbox.simulator.SolverSimulator}:
 * the HTTP edge ({@code Router}, {@code Responder}), the two protocol front ends ({@code LegacyApi},
 * {@code JsonApi}) over one protocol-neutral {@code SolverCore}, and the state they share (account,
 * task book, counters, seeded dice), and the optional memory of that state on disk ({@code StateDirectory}:
 * an append-only {@code Journal} of billing and answers, a counter snapshot replaced by rename).
 *
 * <p>Threading: requests run on the HTTP server's fixed pool; slow replies are written later from one
 * scheduler thread. No handler ever sleeps: a task's readiness is a time stamp compared with the
 * clock. Shared state is in concurrent maps, atomics and {@code LongAdder}s; the few compound
 * decisions (billing, the concurrency limit, a task's billing history, random draws) hold the lock of
 * the object that owns them, named on each field.
 */
package io.captchafleet.sandbox.simulator.internal;
