/**
 * Progress on stderr for long commands: a bar as wide as the terminal when stderr is one, plain periodic
 * lines when it is a file or a pipe (logs stay readable), or nothing. A {@link
 * io.captchafleet.producer.progress.Progress} is driven by the command's thread; the bar redraws from
 * its own daemon thread, and everything else printed to stderr meanwhile goes above it through {@link
 * io.captchafleet.producer.progress.StatusLine}, which any thread may call.
 */
package io.captchafleet.producer.progress;
