package io.captchafleet.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.sandbox.junit.TestKafka;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SimulatorStats;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hole 1 end to end: a worker loses its broker connection mid-batch, with commits on the way, for longer
 * than {@code max.block.ms} and longer than its session and transaction time-outs. Its pending commit is
 * committed again (never aborted, which would end the worker), the group forgets it and it keeps its
 * unrecorded paid submits; when the connection comes back it rejoins, restores, and finishes the batch
 * with nothing lost and nothing paid twice.
 */
class BrokerOutageTest {

    @Test
    void aWorkerCutOffFromItsBrokerPastMaxBlockMsWaitsAndFinishesTheBatchPayingNothingTwice(@TempDir Path dir) throws Exception {
        SimulatorSettings sim = SimulatorSettings.builder().latency(Latency.uniform(Duration.ofMillis(500), Duration.ofSeconds(2)))
                .seed(17).build();
        Path clientConfig = Files.writeString(dir.resolve("client.properties"), "max.block.ms=2000\nrequest.timeout.ms=2000\n");
        try (CuttableBroker broker = CuttableBroker.start();
             FleetHarness fleet = new FleetHarness(direct(broker), sim, 3);
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.directBootstrapServers()))) {
            KafkaSettings throughProxy = KafkaSettings.of(broker.proxiedBootstrapServers(), Optional.of(clientConfig));
            FleetHarness.Running worker = fleet.startThrough(throughProxy, "cut-off");
            List<TaskRecord> tasks = FleetHarness.tasks("outage", 300);
            fleet.topics.publish(tasks);
            await().atMost(Duration.ofSeconds(60)).until(() -> fleet.topics.latestOutcomes().values().stream()
                    .filter(o -> o.status().terminal()).count() >= 30);

            broker.cut();
            await("the worker says it waits for the cluster").atMost(Duration.ofSeconds(30))
                    .until(() -> String.valueOf(worker.process().readinessProblem()).contains("waiting for the Kafka cluster"));
            await("the group forgets the worker").atMost(Duration.ofSeconds(60)).until(() -> members(admin, fleet) == 0);
            assertThat(worker.process().failure()).isEmpty();
            broker.restore();

            Map<String, Outcome> outcomes = fleet.awaitTerminal(tasks, Duration.ofMinutes(2));
            SimulatorStats stats = fleet.simulator.stats();
            System.out.printf("outage: billed twice %d, accepted %d%n", stats.tasksBilledMoreThanOnce(), stats.acceptedSubmits());
            assertThat(worker.process().failure()).isEmpty();
            assertThat(outcomes.values()).allSatisfy(o -> assertThat(o.status()).isEqualTo(OutcomeStatus.SOLVED));
            assertThat(stats.tasksBilledMoreThanOnce()).isZero();
            assertThat(fleet.topics.terminalRecordsPerTask().values()).allMatch(n -> n == 1);
        }
    }

    private static TestKafka direct(CuttableBroker broker) {
        return new TestKafka() {
            @Override
            public String bootstrapServers() {
                return broker.directBootstrapServers();
            }

            @Override
            public String kind() {
                return "embedded, with a cuttable listener";
            }
        };
    }

    private static int members(Admin admin, FleetHarness fleet) throws InterruptedException {
        String group = fleet.layout.workerGroup();
        try {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
