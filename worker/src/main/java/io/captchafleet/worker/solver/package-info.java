/**
 * The solver: asynchronous clients for the solver APIs (legacy {@code in.php}/{@code res.php} and the
 * {@code createTask} JSON API), the process-wide submit limiter and gate, and the poll scheduler.
 * Everything here is thread-safe and non-blocking; results reach the caller through
 * {@link io.captchafleet.worker.solver.SolveListener} callbacks on the solver's own threads.
 */
package io.captchafleet.worker.solver;
