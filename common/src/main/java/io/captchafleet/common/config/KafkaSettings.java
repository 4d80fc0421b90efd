package io.captchafleet.common.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

import io.captchafleet.common.InputException;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where the Kafka cluster is and how to reach it: the bootstrap servers plus optional client
 * properties from a file ({@code --kafka-config}: SASL/SSL settings, timeouts). Immutable.
 *
 * <p>Properties from the file are applied first; the settings a component needs for correctness
 * (transactions, isolation level, serializers) are applied after them and always win.
 */
public final class KafkaSettings {
    private final String bootstrapServers;
    private final Map<String, Object> clientProperties;

    private KafkaSettings(String bootstrapServers, Map<String, Object> clientProperties) {
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = Map.copyOf(clientProperties);
    }

    /**
     * @param bootstrapServers e.g. {@code kafka-1:9092,kafka-2:9092}
     * @param clientConfigFile a Java properties file of extra client settings, or empty
     * @throws InputException when the servers are blank or the file cannot be read
     */
    public static KafkaSettings of(String bootstrapServers, Optional<Path> clientConfigFile) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new InputException("Missing --bootstrap-servers (or CAPTCHA_FLEET_BOOTSTRAP_SERVERS): "
                    + "say where the Kafka cluster is, e.g. --bootstrap-servers 127.0.0.1:9092");
        }
        Map<String, Object> props = new HashMap<>();
        clientConfigFile.ifPresent(file -> props.putAll(load(file)));
        return new KafkaSettings(bootstrapServers.strip(), props);
    }

    public static KafkaSettings of(String bootstrapServers) {
        return of(bootstrapServers, Optional.empty());
    }

    /** These settings with one more client property; a property the file set keeps the file's value. */
    public KafkaSettings withDefault(String key, Object value) {
        Map<String, Object> props = new HashMap<>();
        props.put(key, value);
        props.putAll(clientProperties);
        return new KafkaSettings(bootstrapServers, props);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The file's properties plus the bootstrap servers: the base of every client's config. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }

    /** {@link #clientConfig()} with the given settings on top. */
    public Map<String, Object> clientConfig(Map<String, ?> overrides) {
        Map<String, Object> config = clientConfig();
        config.putAll(Objects.requireNonNull(overrides));
        return config;
    }

    private static Map<String, Object> load(Path file) {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            p.load(reader);
        } catch (NoSuchFileException e) {
            throw new InputException("Invalid value " + file + " for --kafka-config: no such file");
        } catch (IOException | IllegalArgumentException e) {
            throw new InputException("Invalid value " + file + " for --kafka-config: cannot read it as Java properties ("
                    + e.getMessage() + ")");
        }
        Map<String, Object> map = new HashMap<>();
        p.stringPropertyNames().forEach(name -> map.put(name, p.getProperty(name)));
        return map;
    }
}
