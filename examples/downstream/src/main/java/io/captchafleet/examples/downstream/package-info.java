/**
 * A downstream consumer of captcha-fleet's results topic, the code the README shows: read_committed from
 * the beginning, finished outcomes only, expired tokens dropped. One thread runs a consumer; another
 * may stop it.
 */
package io.captchafleet.examples.downstream;
