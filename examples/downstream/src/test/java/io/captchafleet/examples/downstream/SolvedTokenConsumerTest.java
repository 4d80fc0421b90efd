package io.captchafleet.examples.downstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.common.topics.TopicCreator;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.common.topics.TopicSettings;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The example against a real broker, with outcomes written by captcha-fleet's own codec into a results
 * topic made by its own topic creator, as the workers leave them.
 */
@ExtendWith(KafkaClusterExtension.class)
class SolvedTokenConsumerTest {
    private final Map<String, String> solved = new ConcurrentHashMap<>();
    private final Map<String, String> failed = new ConcurrentHashMap<>();
    private final Map<String, Instant> expired = new ConcurrentHashMap<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor();

    private TestKafka kafka;
    private TopicLayout layout;
    private KafkaProducer<byte[], byte[]> producer;

    @BeforeEach
    void setUp(TestKafka kafka) {
        this.kafka = kafka;
        layout = TopicLayout.withDefaults(kafka.newTopicPrefix());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            new TopicCreator(admin).ensure(layout, TopicSettings.defaults().withPartitions(2));
        }
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "transactional.id", "fleet-" + UUID.randomUUID()),
                new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        producer.close();
        thread.shutdownNow();
        thread.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void aNewGroupReadsWhatIsAlreadyThereAndHandsOnOnlyCommittedFinishedAnswersWithUnexpiredTokens() throws Exception {
        Instant now = Instant.now();
        Instant longAgo = now.minus(Duration.ofMinutes(10));
        commit(solved("fresh", "tok-fresh").expiresAt(now.plus(Duration.ofMinutes(2))).build(),
                solved("old", "tok-old").expiresAt(longAgo).build(),
                solved("image", "x7fq").build(),
                outcome("polling", OutcomeStatus.IN_FLIGHT).solverTaskId("700").paidSubmits(1).build(),
                outcome("again", OutcomeStatus.RETRYING).attempt(2).error("ERROR_NO_SLOT_AVAILABLE", "transient").build(),
                outcome("lost", OutcomeStatus.FAILED).error("ERROR_CAPTCHA_UNSOLVABLE", "task").paidSubmits(2).build());
        abort(solved("aborted", "tok-aborted").build());
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(layout.results(), bytes("b/purged"), null));
        producer.commitTransaction();

        SolvedTokenConsumer consumer = start("downstream-" + UUID.randomUUID());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(solved).containsOnly(Map.entry("b/fresh", "tok-fresh"), Map.entry("b/image", "x7fq"));
            assertThat(failed).containsOnly(Map.entry("b/lost", "ERROR_CAPTCHA_UNSOLVABLE"));
            assertThat(expired).containsOnly(Map.entry("b/old", longAgo));
        });

        commit(solved("later", "tok-later").expiresAt(Instant.now().plus(Duration.ofMinutes(5))).build());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(solved).containsEntry("b/later", "tok-later"));
        consumer.stop();
        assertThat(solved).doesNotContainKeys("b/polling", "b/again", "b/aborted", "b/purged");
    }

    private SolvedTokenConsumer start(String group) {
        SolvedTokenConsumer consumer = new SolvedTokenConsumer(kafka.bootstrapServers(), group, layout.results(),
                new SolvedTokenConsumer.Answers() {
                    @Override
                    public void solved(String taskId, String token) {
                        solved.put(taskId, token);
                    }

                    @Override
                    public void failed(String taskId, String error) {
                        failed.put(taskId, error);
                    }

                    @Override
                    public void expired(String taskId, Instant expiredAt) {
                        expired.put(taskId, expiredAt);
                    }
                }, Clock.systemUTC());
        Future<?> running = thread.submit(() -> {
            consumer.run();
            return null;
        });
        assertThat(running).isNotDone();
        return consumer;
    }

    private static Outcome.Builder solved(String id, String token) {
        return outcome(id, OutcomeStatus.SOLVED).token(token).paidSubmits(1).solvedAt(Instant.now());
    }

    private static Outcome.Builder outcome(String id, OutcomeStatus status) {
        return Outcome.forTask(TaskRecord.first("b", id, 0, Json.object()), status);
    }

    private void commit(Outcome... outcomes) {
        producer.beginTransaction();
        send(List.of(outcomes));
        producer.commitTransaction();
    }

    private void abort(Outcome outcome) {
        producer.beginTransaction();
        send(List.of(outcome));
        producer.flush();
        producer.abortTransaction();
    }

    private void send(List<Outcome> outcomes) {
        for (Outcome o : outcomes) {
            producer.send(new ProducerRecord<>(layout.results(), bytes(o.taskId()), OutcomeCodec.write(o)));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
