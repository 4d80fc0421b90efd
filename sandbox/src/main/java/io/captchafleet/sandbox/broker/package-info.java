/**
 * The embedded single-node KRaft Kafka broker: started in-process from Maven Central's Kafka jars,
 * on loopback, with a temporary or persistent data directory. Start and stop may be called from any
 * thread; the broker runs on Kafka's own threads.
 */
package io.captchafleet.sandbox.broker;
