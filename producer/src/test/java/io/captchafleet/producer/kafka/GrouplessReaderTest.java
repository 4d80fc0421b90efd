package io.captchafleet.producer.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.producer.TestFleet;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A reader closes at once: it has no group to leave, so the fetch it sent ahead is not waited out. */
@ExtendWith(KafkaClusterExtension.class)
class GrouplessReaderTest {

    @Test
    void closingAReaderDoesNotWaitOutTheFetchTheBrokerIsHolding(TestKafka kafka, @TempDir Path dir) throws IOException {
        TestFleet fleet = new TestFleet(kafka);
        // The broker holds a fetch on a partition with nothing new for this long; a close that waited for it
        // would take 20 s, well past the bound below.
        Path config = Files.writeString(dir.resolve("client.properties"), "fetch.max.wait.ms=20000\nrequest.timeout.ms=40000\n");
        KafkaClients clients = KafkaClients.of(KafkaSettings.of(fleet.bootstrap, Optional.of(config)));
        TopicPartition tp = new TopicPartition(fleet.layout.batches(), 0);
        try (Producer<byte[], byte[]> producer = clients.idempotentProducer()) {
            producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), "k".getBytes(), "v".getBytes()));
        }
        Consumer<byte[], byte[]> reader = clients.reader();
        reader.assign(List.of(tp));
        reader.seekToBeginning(List.of(tp));
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            reader.poll(Duration.ofMillis(100)).forEach(read::add);
            return !read.isEmpty();
        });
        reader.poll(Duration.ofMillis(100)); // at the end now: the next fetch waits on the broker

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> reader.close(), "close waited for the held fetch");
        assertThat(read).hasSize(1);
    }
}
