/**
 * Keeping secrets out of records and logs: the task-data redactor and the API-key scrubber. Stateless
 * and thread-safe.
 */
package io.captchafleet.common.redact;
