/**
 * JUnit 5 support: {@link io.captchafleet.sandbox.junit.KafkaClusterExtension} hands every test a real
 * Kafka cluster (embedded by default) and a unique topic prefix. Used only from tests; JUnit is an
 * optional dependency of this module and never reaches the runnable jar.
 */
package io.captchafleet.sandbox.junit;
