/** The worker's Micrometer meters. Thread-safe. */
package io.captchafleet.worker.metrics;
