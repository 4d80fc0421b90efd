package io.captchafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code captcha-fleet broker} as a user runs it: start, create topics from another process, Ctrl-C, restart. */
class BrokerProcessIT {

    @Test
    void brokerKeepsItsTopicsAcrossASigtermAndARestartOnTheSameDirectory(@TempDir Path state) throws Exception {
        String address;
        try (JarProcess broker = JarProcess.start("broker", "--data-dir", state.toString(), "--port", "0")) {
            address = awaitReady(broker);
            try (JarProcess topics = JarProcess.start("topics", "create", "--bootstrap-servers", address, "--partitions", "2")) {
                assertThat(topics.waitFor(Duration.ofSeconds(60))).as(topics.err().toString()).isZero();
                assertThat(topics.output()).startsWith("Created 11 topics");
            }
            broker.terminate();
            assertThat(broker.waitFor(Duration.ofSeconds(30))).isIn(0, 143);
        }
        assertThat(Files.exists(state.resolve("broker.address"))).isFalse();

        try (JarProcess broker = JarProcess.start("broker", "--data-dir", state.toString(), "--port", "0")) {
            address = awaitReady(broker);
            try (JarProcess topics = JarProcess.start("topics", "create", "--bootstrap-servers", address, "--partitions", "2")) {
                assertThat(topics.waitFor(Duration.ofSeconds(60))).isZero();
                assertThat(topics.output()).isEqualTo("All 11 topics with prefix captcha exist and match; nothing changed.");
            }
            broker.terminate();
            broker.waitFor(Duration.ofSeconds(30));
        }
    }

    private static String awaitReady(JarProcess broker) {
        await().atMost(Duration.ofSeconds(60)).until(() -> broker.output().contains("Kafka broker ready at "));
        String line = broker.out().stream().filter(l -> l.startsWith("Kafka broker ready at ")).findFirst().orElseThrow();
        return line.substring("Kafka broker ready at ".length(), line.indexOf(' ', "Kafka broker ready at ".length()));
    }
}
