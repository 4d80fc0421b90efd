/**
 * What every captcha-fleet module shares: the exception root and, in sub-packages, the wire model,
 * serde, error taxonomy, provider profiles, topic layout, configuration and metrics. Everything here
 * is immutable or thread-safe unless its Javadoc says otherwise.
 */
package io.captchafleet.common;
