package io.captchafleet.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The fixture for losing the broker mid-commit: a client through its proxy works, fails while cut, and works again. */
class CuttableBrokerTest {
    private static final String TOPIC = "cut";

    @Test
    void aProducerThroughTheProxyFailsWhileCutAndSendsAgainAfterTheRestore() throws Exception {
        try (CuttableBroker broker = CuttableBroker.start()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.directBootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            try (Admin viaProxy = Admin.create(Map.of("bootstrap.servers", broker.proxiedBootstrapServers()))) {
                Collection<Node> nodes = viaProxy.describeCluster().nodes().get(30, TimeUnit.SECONDS);
                assertThat(nodes).as("the broker as a client through the proxy learns it").extracting(Node::port)
                        .containsExactly(Integer.parseInt(broker.proxiedBootstrapServers().split(":")[1]));
            }
            try (KafkaProducer<String, String> proxied = producer(broker.proxiedBootstrapServers());
                 KafkaProducer<String, String> direct = producer(broker.directBootstrapServers())) {
                proxied.send(new ProducerRecord<>(TOPIC, "k", "before the cut")).get(30, TimeUnit.SECONDS);

                broker.cut();
                assertThat(broker.isCut()).isTrue();
                assertThatThrownBy(() -> proxied.send(new ProducerRecord<>(TOPIC, "k", "while cut")).get(30, TimeUnit.SECONDS))
                        .as("a send through the cut proxy")
                        .satisfies(e -> assertThat(rootCause(e)).isInstanceOf(TimeoutException.class));
                direct.send(new ProducerRecord<>(TOPIC, "k", "direct while cut")).get(30, TimeUnit.SECONDS);

                broker.restore();
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                        proxied.send(new ProducerRecord<>(TOPIC, "k", "after the restore")).get(10, TimeUnit.SECONDS));
            }
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }

    /** Gives up on a send within about two seconds (the lead's worker test cuts for longer than its max.block.ms). */
    private static KafkaProducer<String, String> producer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2_000,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200), new StringSerializer(), new StringSerializer());
    }
}
