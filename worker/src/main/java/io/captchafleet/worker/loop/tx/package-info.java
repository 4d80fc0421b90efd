/**
 * The loop's one transaction boundary, {@link io.captchafleet.worker.loop.tx.Transactions}: what the next
 * transaction writes, how it is fenced and committed, the only catch of Kafka's transaction exceptions
 * (sorted by {@code TransactionErrors}) and the {@link io.captchafleet.worker.loop.tx.TxResult} the loop
 * switches on; the paid submits a rejected commit left unrecorded; the restore barrier. Confined to the
 * loop thread.
 */
package io.captchafleet.worker.loop.tx;
