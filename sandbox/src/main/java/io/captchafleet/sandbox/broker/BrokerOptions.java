package io.captchafleet.sandbox.broker;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How to start an {@link EmbeddedKafkaBroker}. Immutable; build with {@link #builder()}.
 *
 * <p>A broker without a data directory writes to a temporary one that is deleted when it stops. A
 * broker on a given directory keeps its topics, offsets and transactions across restarts. Port 0
 * means "the port this directory used last time if it is free, otherwise any free loopback port".
 *
 * <p>With {@link Builder#advertisedProxyPort(int)} the broker has a second client listener, advertised at
 * that port on loopback: a fault-injecting TCP proxy there, forwarding to
 * {@link EmbeddedKafkaBroker#proxiedListenerPort()}, then carries every connection of the clients that
 * bootstrap through it (Kafka tells a client the addresses of the listener it came in on), while the
 * test's own tools use {@link EmbeddedKafkaBroker#bootstrapServers()} directly.
 */
public final class BrokerOptions {
    private final Path dataDir;
    private final int port;
    private final Map<String, String> overrides;
    private final int advertisedProxyPort;

    private BrokerOptions(Builder b) {
        this.dataDir = b.dataDir;
        this.port = b.port;
        this.overrides = Map.copyOf(b.overrides);
        this.advertisedProxyPort = b.advertisedProxyPort;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A broker on a temporary directory and a free port: what a test wants. */
    public static BrokerOptions ephemeral() {
        return builder().build();
    }

    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    public int port() {
        return port;
    }

    /** Broker properties that replace the embedded defaults (e.g. a longer cleaner back-off). */
    public Map<String, String> overrides() {
        return overrides;
    }

    /** The port the second, proxied client listener is advertised at, if the broker has one. */
    public OptionalInt advertisedProxyPort() {
        return advertisedProxyPort == 0 ? OptionalInt.empty() : OptionalInt.of(advertisedProxyPort);
    }

    /** Builder for {@link BrokerOptions}. */
    public static final class Builder {
        private Path dataDir;
        private int port;
        private Map<String, String> overrides = Map.of();
        private int advertisedProxyPort;

        private Builder() {
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("Invalid value " + port + " for port: must be 0 (any free port) to 65535");
            }
            this.port = port;
            return this;
        }

        public Builder overrides(Map<String, String> overrides) {
            this.overrides = Objects.requireNonNull(overrides, "overrides");
            return this;
        }

        /** Adds a client listener advertised at {@code 127.0.0.1:advertisedProxyPort}, where a proxy to it listens. */
        public Builder advertisedProxyPort(int advertisedProxyPort) {
            if (advertisedProxyPort < 1 || advertisedProxyPort > 65535) {
                throw new IllegalArgumentException("Invalid value " + advertisedProxyPort + " for advertised proxy port: must be 1 to 65535");
            }
            this.advertisedProxyPort = advertisedProxyPort;
            return this;
        }

        public BrokerOptions build() {
            return new BrokerOptions(this);
        }
    }
}
