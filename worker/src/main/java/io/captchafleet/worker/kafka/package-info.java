/**
 * The worker's Kafka clients: the factory seam and the settings correctness depends on. Stateless.
 */
package io.captchafleet.worker.kafka;
