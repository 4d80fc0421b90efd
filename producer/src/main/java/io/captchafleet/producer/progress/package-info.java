/**
 * Progress on stderr for long commands: a redrawn bar when stderr is a terminal, plain periodic lines
 * when it is a file or a pipe (logs stay readable), or nothing. A {@link
 * io.captchafleet.producer.progress.Progress} is driven by the command's thread; the bar redraws from
 * its own daemon thread.
 */
package io.captchafleet.producer.progress;
