/**
 * JSON serde for the wire model: snake_case objects carrying {@code "v": 1}. Readers are strict and
 * throw {@link io.captchafleet.common.serde.RecordFormatException} with a message naming the record
 * kind and the field; they never return a half-filled object. All classes are stateless and
 * thread-safe.
 */
package io.captchafleet.common.serde;
