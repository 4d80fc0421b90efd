package io.captchafleet.cli;

/**
 * A command that runs as a service until stopped ({@code worker}, {@code broker}, {@code simulator}),
 * usually under a supervisor that keeps its stderr: it logs from INFO up there, and writes no log file.
 */
interface Service {
}
