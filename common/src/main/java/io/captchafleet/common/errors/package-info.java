/**
 * The error taxonomy: categories, the actions they call for, and the classifier from (provider, code
 * or transport failure, phase) to both. Immutable and thread-safe.
 */
package io.captchafleet.common.errors;
