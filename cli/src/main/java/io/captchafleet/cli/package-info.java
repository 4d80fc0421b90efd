/**
 * The {@code captcha-fleet} executable: the picocli root command and one class per subcommand, the
 * option groups they share (Kafka, layout, solver, worker, submit), and {@code local}, which runs the
 * whole fleet in one process. Commands run on the main thread; long-lived ones stop through shutdown
 * hooks. Failures map to the shared exit codes in {@code ErrorHandler}.
 */
package io.captchafleet.cli;
