/**
 * The client side of captcha-fleet: reading and validating task files, publishing them as one batch,
 * and the operator commands (status, results, halt, resume, retry-failed, dead-letters). Every class is
 * used from the one thread of the command that runs it unless its Javadoc says otherwise.
 */
package io.captchafleet.producer;
