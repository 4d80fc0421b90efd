/**
 * Halting the fleet: the watcher that follows the fatal-errors topic on its own thread and the
 * non-transactional publisher of fleet events. Both are shared by every worker in a process and are
 * thread-safe.
 */
package io.captchafleet.worker.halt;
