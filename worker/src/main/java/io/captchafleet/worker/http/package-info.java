/** The worker's HTTP port: metrics, liveness and readiness, and the provider's callbacks when they are on. Thread-safe. */
package io.captchafleet.worker.http;
