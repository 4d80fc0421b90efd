package io.captchafleet.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A default a command adds to the client settings yields to what the user's --kafka-config file says. */
class KafkaSettingsTest {

    @Test
    void aDefaultAppliesUnlessTheFileSetsTheSameProperty(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("client.properties"), "retry.backoff.max.ms=5000\n");

        KafkaSettings plain = KafkaSettings.of("127.0.0.1:9092").withDefault("retry.backoff.max.ms", 100);
        KafkaSettings fromFile = KafkaSettings.of("127.0.0.1:9092", Optional.of(file)).withDefault("retry.backoff.max.ms", 100);

        assertThat(plain.clientConfig()).containsEntry("retry.backoff.max.ms", 100).containsEntry("bootstrap.servers", "127.0.0.1:9092");
        assertThat(fromFile.clientConfig()).containsEntry("retry.backoff.max.ms", "5000");
    }
}
