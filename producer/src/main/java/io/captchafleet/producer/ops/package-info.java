/**
 * The operator commands: {@code status}, {@code results}, {@code halt}, {@code resume},
 * {@code retry-failed} and {@code dead-letters}. Each class runs on the calling thread and closes the
 * Kafka clients it makes; output goes to the writers it is given (stdout for data, stderr for notes).
 */
package io.captchafleet.producer.ops;
