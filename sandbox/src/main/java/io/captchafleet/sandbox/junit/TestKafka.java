package io.captchafleet.sandbox.junit;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Kafka cluster a test talks to, handed out by {@link KafkaClusterExtension}: the embedded
 * broker by default, an external cluster, or a Testcontainers broker. Tests isolate themselves with
 * {@link #newTopicPrefix()} rather than by starting brokers.
 */
public interface TestKafka {

    /** Bootstrap address for clients, e.g. {@code 127.0.0.1:40123}. */
    String bootstrapServers();

    /** Which kind of cluster this is: {@code embedded}, {@code external} or {@code testcontainers}. */
    String kind();

    /**
     * A topic prefix no other test in any JVM uses, so topics, group ids and transactional ids derived
     * from it never collide with another test's.
     */
    default String newTopicPrefix() {
        return "t" + Prefixes.NEXT.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Counter shared by all clusters in this JVM. */
    final class Prefixes {
        static final AtomicInteger NEXT = new AtomicInteger();

        private Prefixes() {
        }
    }
}
