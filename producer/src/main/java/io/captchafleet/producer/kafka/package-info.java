/**
 * How the producer side talks to Kafka: the client factory (the seam tests use to reach edge cases a
 * real broker cannot produce on demand), reading topics to their end with read_committed, and checking
 * that the fleet's topics exist. Clients made here are owned and closed by the caller's thread.
 */
package io.captchafleet.producer.kafka;
