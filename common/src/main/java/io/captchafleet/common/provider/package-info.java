/**
 * Solver provider profiles: base URL, protocol, polling timing and budget, submit rate and error-code
 * meanings of each supported provider. Immutable.
 */
package io.captchafleet.common.provider;
