/**
 * Halting the fleet: the process's one {@link io.captchafleet.worker.halt.HaltState} (fed by the
 * watcher and by the solver's fatal answers, read by the submit gate and every worker loop), the watcher
 * that follows the fatal-errors topic on its own thread, and the non-transactional publisher of fleet
 * events. All are shared by every worker in a process and are thread-safe.
 */
package io.captchafleet.worker.halt;
