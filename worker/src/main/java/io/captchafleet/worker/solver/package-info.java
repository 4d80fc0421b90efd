/**
 * The solver: {@link io.captchafleet.worker.solver.Solvers#create} builds a
 * {@link io.captchafleet.worker.solver.Solver} from {@link io.captchafleet.worker.solver.SolverSettings}
 * and an {@link io.captchafleet.worker.solver.ApiKey}. Behind it: asynchronous clients for the solver
 * APIs (legacy {@code in.php}/{@code res.php} and the {@code createTask} JSON API), the process-wide
 * submit limiter and gate, and the poll scheduler. Everything here is thread-safe and non-blocking;
 * results reach the caller through {@link io.captchafleet.worker.solver.SolveListener} callbacks on
 * the solver's own threads.
 */
package io.captchafleet.worker.solver;
