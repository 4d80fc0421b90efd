/**
 * Configuration shared by every command: exit codes and Kafka client settings (bootstrap servers plus
 * a client properties file for SASL/SSL). Immutable.
 */
package io.captchafleet.common.config;
