/** The worker's HTTP port: metrics, liveness and readiness. Thread-safe. */
package io.captchafleet.worker.http;
