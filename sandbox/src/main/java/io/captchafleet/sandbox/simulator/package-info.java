/**
 * The solver simulator: an HTTP server on loopback that speaks the public solver APIs (the legacy
 * {@code in.php}/{@code res.php} protocol and the {@code createTask}/{@code getTaskResult} JSON
 * protocol), injects faults on demand and counts every billed submit and every poll, so that the
 * worker's tests can prove "never paid twice". It is an implementation of its own: it shares no code
 * with the worker's solver clients, or the tests that use it would prove nothing.
 *
 * <p>Everything here is thread-safe: settings, latencies and fault shares are immutable values, and
 * {@link io.captchafleet.sandbox.simulator.SolverSimulator} may be read and changed from any thread
 * while its HTTP threads serve requests.
 */
package io.captchafleet.sandbox.simulator;
