/**
 * {@code submit}: validate a whole task file, then publish every task and the batch manifest in one
 * Kafka transaction (or in chunks with {@code --no-atomic}), so a file with one bad line publishes
 * nothing and the same file submitted twice publishes nothing the second time. A
 * {@link io.captchafleet.producer.submit.Submitter} runs on the calling thread.
 */
package io.captchafleet.producer.submit;
