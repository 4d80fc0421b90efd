/**
 * The consume-solve-produce loop: input handling under the idempotence rule, the ledger of paid
 * submits, completions, transactions and rebalances. Everything here is confined to one worker's loop
 * thread, except {@link io.captchafleet.worker.loop.SolverEvents}, the thread-safe hand-off from the
 * solver's threads.
 */
package io.captchafleet.worker.loop;
