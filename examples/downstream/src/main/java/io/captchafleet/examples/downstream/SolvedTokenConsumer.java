package io.captchafleet.examples.downstream;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads captcha-fleet's answers from the results topic ({@code captcha.results}) the way a downstream
 * system should: only committed outcomes ({@code read_committed}), from the beginning when the group is
 * new ({@code earliest}), only finished ones ({@code solved}, {@code failed}; {@code in_flight} and
 * {@code retrying} are skipped), and never a token past its {@code expires_at}.
 *
 * <p>Run it against the compose cluster with {@code java -jar examples/downstream/target/downstream-example.jar
 * localhost:9094 my-downstream}. {@link #run()} polls on the calling thread until {@link #stop()} is
 * called from another one (it then returns within a poll, about a second).
 */
public final class SolvedTokenConsumer {
    /** Where the answers go: called on the consuming thread, in the order of each partition. */
    public interface Answers {
        /** A token that was still valid when it was read. */
        void solved(String taskId, String token);

        /** No token will come for this task unless {@code retry-failed} gives it another generation. */
        void failed(String taskId, String error);

        /** A solved task whose token expired before it was read: solve it again if it is still needed. */
        void expired(String taskId, Instant expiredAt);
    }

    private final String bootstrapServers;
    private final String groupId;
    private final String topic;
    private final Answers answers;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private volatile boolean stopped;

    public SolvedTokenConsumer(String bootstrapServers, String groupId, String topic, Answers answers, Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.groupId = groupId;
        this.topic = topic;
        this.answers = answers;
        this.clock = clock;
    }

    /** Consumes until {@link #stop()}. */
    public void run() throws JsonProcessingException {
        // README:begin
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers); // "localhost:9094" with docker-compose.yml
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);                   // your own group, e.g. "my-downstream"
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");   // only outcomes the fleet committed
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");       // a new group starts with what is already there
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));                           // "captcha.results"
            while (!stopped) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
                    if (r.value() == null) {
                        continue;                                         // a purged task's tombstone
                    }
                    JsonNode outcome = json.readTree(r.value());
                    if (outcome.path("v").asInt() != 1) {
                        throw new IllegalStateException(r.key() + ": outcome format v" + outcome.path("v") + ", this reader knows v1");
                    }
                    String status = outcome.path("status").asText();      // in_flight and retrying are not finished: skipped
                    if (status.equals("failed")) {
                        answers.failed(r.key(), outcome.path("error").asText());
                    } else if (status.equals("solved")) {
                        JsonNode expiresAt = outcome.path("expires_at");  // absent where answers do not expire (images)
                        if (expiresAt.isMissingNode() || Instant.parse(expiresAt.asText()).isAfter(clock.instant())) {
                            answers.solved(r.key(), outcome.path("token").asText());
                        } else {
                            answers.expired(r.key(), Instant.parse(expiresAt.asText()));
                        }
                    }
                }
            }
        }
        // README:end
    }

    /** Makes {@link #run()} return after its current poll. Any thread. */
    public void stop() {
        stopped = true;
    }

    /**
     * {@code java -jar downstream-example.jar [BOOTSTRAP_SERVERS [GROUP [TOPIC]]]}: prints one line per
     * finished task ({@code solved ID TOKEN}, {@code failed ID ERROR}, {@code expired ID AT}) until Ctrl-C.
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        SolvedTokenConsumer consumer = new SolvedTokenConsumer(arg(args, 0, "localhost:9094"), arg(args, 1, "my-downstream"),
                arg(args, 2, "captcha.results"), new Answers() {
                    @Override
                    public void solved(String taskId, String token) {
                        out.println("solved " + taskId + " " + token);
                    }

                    @Override
                    public void failed(String taskId, String error) {
                        out.println("failed " + taskId + " " + error);
                    }

                    @Override
                    public void expired(String taskId, Instant expiredAt) {
                        out.println("expired " + taskId + " " + expiredAt);
                    }
                }, Clock.systemUTC());
        CountDownLatch finished = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            consumer.stop();
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "downstream-shutdown"));
        try {
            consumer.run();
        } finally {
            finished.countDown();
        }
    }

    private static String arg(String[] args, int i, String otherwise) {
        return args.length > i ? args[i] : otherwise;
    }
}
