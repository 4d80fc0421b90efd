/**
 * Keeping secrets out of records and logs: the task-data redactor (with the parser of the providers'
 * proxy strings behind it) and the API-key scrubber. Stateless and thread-safe.
 */
package io.captchafleet.common.redact;
