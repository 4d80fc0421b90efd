package io.captchafleet.sandbox.broker;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start an {@link EmbeddedKafkaBroker}. Immutable; build with {@link #builder()}.
 *
 * <p>A broker without a data directory writes to a temporary one that is deleted when it stops. A
 * broker on a given directory keeps its topics, offsets and transactions across restarts. Port 0
 * means "the port this directory used last time if it is free, otherwise any free loopback port".
 */
public final class BrokerOptions {
    private final Path dataDir;
    private final int port;
    private final Map<String, String> overrides;

    private BrokerOptions(Builder b) {
        this.dataDir = b.dataDir;
        this.port = b.port;
        this.overrides = Map.copyOf(b.overrides);
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

    /** Builder for {@link BrokerOptions}. */
    public static final class Builder {
        private Path dataDir;
        private int port;
        private Map<String, String> overrides = Map.of();

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

        public BrokerOptions build() {
            return new BrokerOptions(this);
        }
    }
}
