/**
 * The solver's machinery behind {@link io.captchafleet.worker.solver.Solvers}: the two protocol clients
 * (request building and answer parsing), the HTTP transport that turns every failure into a typed
 * answer, the one reader of provider text (which masks the API key in everything an answer says), the
 * submit limiter (AIMD concurrency, token-bucket rate, account gate), the poll schedule, what paid submits
 * cost ({@code Spending}, {@code SolverMoney}: the API's price, balance windows, given prices; reports) and
 * the engine that ties them together.
 *
 * <p>Threading: HTTP completes on the solver's HTTP threads, which only parse; every decision (limiter,
 * schedule, listener calls) runs on the one scheduler thread, so the engine's state needs no locks. The
 * limiter and the gate are also read by callers and tests, so they lock themselves.
 */
package io.captchafleet.worker.solver.internal;
