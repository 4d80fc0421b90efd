/** Metrics setup shared by the processes that serve {@code /metrics}. Thread-safe. */
package io.captchafleet.common.metrics;
