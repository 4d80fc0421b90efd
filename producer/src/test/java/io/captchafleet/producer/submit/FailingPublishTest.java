package io.captchafleet.producer.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.captchafleet.common.CaptchaFleetException;
import io.captchafleet.common.config.ExitCode;
import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.producer.TopicRecords;
import io.captchafleet.producer.input.TaskFile;
import io.captchafleet.producer.kafka.KafkaClients;
import io.captchafleet.producer.progress.Progress;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A failure halfway through publishing, reached through the client seam: the open transaction is aborted. */
@ExtendWith(KafkaClusterExtension.class)
class FailingPublishTest {
    @TempDir
    Path dir;

    @Test
    void aSendThatFailsHalfwayLeavesNothingVisible(TestKafka kafka) throws IOException {
        TopicLayout layout = TopicLayout.withDefaults(kafka.newTopicPrefix());
        TopicRecords.create(kafka.bootstrapServers(), layout, 2);
        KafkaClients real = KafkaClients.of(KafkaSettings.of(kafka.bootstrapServers()));
        KafkaClients failing = new FailingOnSend(real, 15);
        Path file = dir.resolve("tasks.jsonl");
        Files.writeString(file, IntStream.rangeClosed(1, 30).mapToObj(i -> String.format(SubmitterTest.GOOD, i))
                .collect(Collectors.joining("\n")));

        try (TaskFile f = TaskFile.open(file.toString(), System.in)) {
            assertThatThrownBy(() -> new Submitter(failing, layout).submit(f, SubmitOptions.builder().build(), Progress.none()))
                    .isInstanceOf(CaptchaFleetException.class)
                    .hasMessage("Publishing batch \"tasks\" failed; nothing was published: the broker went away (simulated)")
                    .satisfies(e -> assertThat(((CaptchaFleetException) e).exitCode()).isEqualTo(ExitCode.INTERNAL));
        }

        assertThat(TopicRecords.read(kafka.bootstrapServers(), layout.tasks())).isEmpty();
        assertThat(TopicRecords.read(kafka.bootstrapServers(), layout.batches())).isEmpty();
        try (TaskFile f = TaskFile.open(file.toString(), System.in)) {
            assertThat(new Submitter(real, layout).submit(f, SubmitOptions.builder().build(), Progress.none()).tasks()).isEqualTo(30);
        }
    }

    @Test
    void aChunkedPublishCommitsASmallFirstChunkSoWorkersCanStartWhileTheRestIsPublished(TestKafka kafka) throws IOException {
        TopicLayout layout = TopicLayout.withDefaults(kafka.newTopicPrefix());
        TopicRecords.create(kafka.bootstrapServers(), layout, 2);
        KafkaClients failing = new FailingOnSend(KafkaClients.of(KafkaSettings.of(kafka.bootstrapServers())), 350);
        Path file = dir.resolve("tasks.jsonl");
        Files.writeString(file, IntStream.rangeClosed(1, 400).mapToObj(i -> String.format(SubmitterTest.GOOD, i))
                .collect(Collectors.joining("\n")));
        SubmitOptions chunked = SubmitOptions.builder().atomic(false).build();

        try (TaskFile f = TaskFile.open(file.toString(), System.in)) {
            assertThatThrownBy(() -> new Submitter(failing, layout).submit(f, chunked, Progress.none()))
                    .hasMessage("Publishing batch \"tasks\" failed; the chunks committed before the failure stay published:"
                            + " the broker went away (simulated)");
        }

        // Chunks of 100, then 200 (each doubles up to --chunk-size, 10,000 here): the send that failed was in the third.
        assertThat(TopicRecords.read(kafka.bootstrapServers(), layout.tasks())).hasSize(300);
        assertThat(TopicRecords.read(kafka.bootstrapServers(), layout.batches())).as("no manifest: not complete").isEmpty();
    }

    /** Real clients, except that the transactional producer's send number {@code failAt} throws. */
    private static final class FailingOnSend implements KafkaClients {
        private final KafkaClients real;
        private final int failAt;

        FailingOnSend(KafkaClients real, int failAt) {
            this.real = real;
            this.failAt = failAt;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Producer<byte[], byte[]> transactionalProducer(String transactionalId, Duration transactionTimeout) {
            Producer<byte[], byte[]> producer = real.transactionalProducer(transactionalId, transactionTimeout);
            AtomicInteger sends = new AtomicInteger();
            return (Producer<byte[], byte[]>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Producer.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("send") && sends.incrementAndGet() == failAt) {
                            throw new TimeoutException("the broker went away (simulated)");
                        }
                        try {
                            return method.invoke(producer, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public Producer<byte[], byte[]> idempotentProducer() {
            return real.idempotentProducer();
        }

        @Override
        public Consumer<byte[], byte[]> reader() {
            return real.reader();
        }

        @Override
        public Consumer<byte[], byte[]> groupReader(String groupId) {
            return real.groupReader(groupId);
        }

        @Override
        public Admin admin() {
            return real.admin();
        }
    }
}
