package io.captchafleet.sandbox.junit;

import java.util.Locale;

import io.captchafleet.sandbox.broker.BrokerOptions;
import io.captchafleet.sandbox.broker.EmbeddedKafkaBroker;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects a {@link TestKafka} into test constructors, lifecycle methods and
 * tests. One cluster serves the whole test JVM; each test takes a fresh topic prefix.
 *
 * <p>Which cluster: {@code KAFKA_BOOTSTRAP_SERVERS} set → that external cluster;
 * {@code -Dkafka.tests=testcontainers} → a Testcontainers {@code apache/kafka} container (needs a
 * Docker engine); otherwise the embedded KRaft broker, which needs nothing installed.
 */
public final class KafkaClusterExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaClusterExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        try {
            return extensionContext.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent(TestKafka.class, key -> startCluster(), ClusterResource.class);
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("No Kafka cluster for tests: " + e.getMessage(), e);
        }
    }

    private static ClusterResource startCluster() {
        String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            return new ClusterResource(external.strip(), "external", () -> { });
        }
        String mode = System.getProperty("kafka.tests", "embedded").strip().toLowerCase(Locale.ROOT);
        switch (mode) {
            case "testcontainers":
                return TestcontainersKafka.start();
            case "embedded":
            case "":
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.ephemeral());
                return new ClusterResource(broker.bootstrapServers(), "embedded", broker::close);
            default:
                throw new IllegalArgumentException("Invalid value \"" + mode
                        + "\" for -Dkafka.tests: must be embedded or testcontainers (or set KAFKA_BOOTSTRAP_SERVERS)");
        }
    }

    /** A started cluster that JUnit closes when the test JVM's root context ends. */
    static final class ClusterResource implements TestKafka, AutoCloseable {
        private final String bootstrapServers;
        private final String kind;
        private final Runnable stop;

        ClusterResource(String bootstrapServers, String kind, Runnable stop) {
            this.bootstrapServers = bootstrapServers;
            this.kind = kind;
            this.stop = stop;
        }

        @Override
        public String bootstrapServers() {
            return bootstrapServers;
        }

        @Override
        public String kind() {
            return kind;
        }

        @Override
        public void close() {
            stop.run();
        }
    }
}
