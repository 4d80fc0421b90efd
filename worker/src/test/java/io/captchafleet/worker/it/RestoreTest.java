package io.captchafleet.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import com.fasterxml.jackson.databind.JsonNode;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A new owner restores its results partitions up to the log end as it stood at assignment, so a former
 * owner's transaction that is written but not yet resolved (a commit whose markers are still on their
 * way, or a crashed worker's open transaction) is waited for, not read past.
 */
@ExtendWith(KafkaClusterExtension.class)
class RestoreTest {

    @Test
    void aFormerOwnersUnresolvedTransactionIsWaitedForSoItsPaidTaskIsPolledNotPaidAgain(TestKafka kafka) throws Exception {
        SimulatorSettings sim = SimulatorSettings.builder().latency(Latency.fixed(Duration.ofMillis(200))).seed(2).build();
        try (FleetHarness fleet = new FleetHarness(kafka, sim, 1);
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
             KafkaProducer<byte[], byte[]> formerOwner = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                     ProducerConfig.TRANSACTIONAL_ID_CONFIG, fleet.layout.prefix() + "-former-owner"),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            TaskRecord task = FleetHarness.tasks("restore", 1).get(0);
            fleet.topics.publish(List.of(task));

            // The former owner paid for the task and wrote its in_flight record; its transaction is unresolved.
            String solverId = payFor(fleet, task);
            Outcome inFlight = Outcome.forTask(task, OutcomeStatus.IN_FLIGHT).worker("former-owner").solverTaskId(solverId)
                    .paidSubmits(1).submittedAt(Instant.now()).build();
            formerOwner.initTransactions();
            formerOwner.beginTransaction();
            formerOwner.send(new ProducerRecord<>(fleet.layout.results(), 0, task.taskId().getBytes(StandardCharsets.UTF_8),
                    OutcomeCodec.write(inFlight))).get();

            FleetHarness.Running worker = fleet.start("new-owner");
            TopicPartition results = new TopicPartition(fleet.layout.results(), 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> assignedTo(admin, fleet).contains(results));

            // The new owner holds its inputs back while the transaction is unresolved: no second submit.
            await("no second submit, and the new owner not ready, while the transaction is unresolved")
                    .during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> {
                        assertThat(fleet.simulator.stats().acceptedSubmits()).as("submits accepted").isEqualTo(1);
                        assertThat(worker.process().readinessProblem()).as("why the new owner is not ready").isNotNull();
                    });

            formerOwner.commitTransaction();

            Map<String, Outcome> outcomes = fleet.awaitTerminal(List.of(task), Duration.ofSeconds(30));
            Outcome solved = outcomes.get(task.taskId());
            assertThat(solved.status()).isEqualTo(OutcomeStatus.SOLVED);
            assertThat(solved.solverTaskId()).isEqualTo(solverId);
            assertThat(fleet.simulator.stats().acceptedSubmits()).isEqualTo(1);
            assertThat(fleet.simulator.stats().tasksBilledMoreThanOnce()).isZero();
        }
    }

    /** Submits the task to the simulator as a worker would have, and returns the solver's id for it. */
    private static String payFor(FleetHarness fleet, TaskRecord task) throws Exception {
        String form = "key=former-owner-key&method=userrecaptcha&json=1&googlekey="
                + URLEncoder.encode(task.taskData().get("sitekey").asText(), StandardCharsets.UTF_8)
                + "&pageurl=" + URLEncoder.encode(task.taskData().get("pageurl").asText(), StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(fleet.simulator.baseUrl() + "in.php"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        String body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
        JsonNode answer = Json.MAPPER.readTree(body);
        assertThat(answer.path("status").asInt()).as("simulator answer %s", body).isEqualTo(1);
        return answer.path("request").asText();
    }

    /** The worker group's assigned partitions; none while the group does not exist yet. */
    private static List<TopicPartition> assignedTo(Admin admin, FleetHarness fleet) throws Exception {
        String group = fleet.layout.workerGroup();
        try {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().stream()
                    .map(MemberDescription::assignment).flatMap(a -> a.topicPartitions().stream()).toList();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return List.of();
            }
            throw e;
        }
    }
}
