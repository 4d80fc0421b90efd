/**
 * The chaos suite (JUnit tag {@code chaos}, failsafe {@code *IT}): workers and the broker as real
 * processes killed with SIGKILL, a fatal error mid-batch, hostile task files, records and solver
 * answers. Each test prints one line starting {@code CHAOS} with its figures. Reduced sizes by default;
 * {@code -Dchaos.full=true} runs the full ones.
 *
 * <p>Threading: each test drives its fleet from the test thread; a killer thread, where there is one,
 * is the only thread that touches the worker processes while it runs.
 */
package io.captchafleet.cli.chaos;
