/**
 * The consume-solve-produce loop of one worker ({@link io.captchafleet.worker.loop.WorkerLoop}) and the
 * steps of its turn: {@code Intake} judges task records by the idempotence rule, {@code Completions}
 * turns solver events into the next transaction's records, {@code ResultsReader} restores and tails the
 * results partitions, {@code Assignments} follows the group and walks new partitions through their
 * start-up, {@code Commits} decides when to commit, {@code BatchLife} holds what the per-batch fleet events
 * (CANCEL, PURGE) say as of the turn, {@code SpendCaps} keeps capped batches within their share of the cap
 * (holding the rest of their records in Kafka), {@code Reports} reports verdicts on answers to the provider
 * once (with {@code OutcomeLookups}, which reads single outcomes back). The state they share has owners in
 * the sub-packages:
 * {@code tasks} (the task book), {@code partitions} (the partition book), {@code tx} (the one transaction
 * boundary). Everything here runs on the worker's loop thread, except {@code SolverEvents}, the
 * thread-safe hand-off from the solver's threads.
 */
package io.captchafleet.worker.loop;
