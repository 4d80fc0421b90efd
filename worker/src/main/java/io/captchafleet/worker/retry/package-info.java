/**
 * Retry routing: what a failed solve leads to (a delay tier, one more attempt, failure, a new submit
 * or a halt) within the attempt and paid-submit limits. Stateless and thread-safe.
 */
package io.captchafleet.worker.retry;
