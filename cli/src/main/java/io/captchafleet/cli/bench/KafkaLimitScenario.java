package io.captchafleet.cli.bench;

import java.time.Duration;
import java.util.Map;

import io.captchafleet.cli.fleet.Fleet;
import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.common.topics.TopicSettings;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** 8. Kafka's own limit on the same broker setup: a transactional copy of the tasks topic, no solving. */
final class KafkaLimitScenario implements Scenario {
    static final String RATE = "records/s";

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public String title() {
        return "8. Kafka's own limit";
    }

    @Override
    public String measures() {
        return "The ceiling Kafka itself sets on this machine: records copied from the tasks topic through a "
                + "transactional consume-produce loop like the worker's, without any solving.";
    }

    @Override
    public void run(BenchContext ctx, ScenarioResult r) throws Exception {
        int tasks = ctx.scaled(200_000, 5_000);
        r.parameter("records", tasks).parameter("pattern", "read_committed group consumer → transactional producer,"
                + " offsets in the transaction, commit every 200 ms").parameter("partitions", 12);
        try (Fleet fleet = ctx.fleet(name(), SimulatorSettings.builder().latency(Latency.fixed(Duration.ZERO)).build())) {
            fleet.submit("kafka", tasks);
            String copy = fleet.kafka().layout().prefix() + ".bench-copy";
            try (Admin admin = fleet.kafka().clients().admin()) {
                admin.createTopics(java.util.List.of(new NewTopic(copy, 12, (short) -1).configs(Map.of("max.message.bytes",
                        Integer.toString(TopicSettings.DEFAULT_MAX_MESSAGE_BYTES))))).all().get();
            }
            double seconds = TransactionalCopy.run(KafkaSettings.of(fleet.broker().bootstrapServers()), fleet.kafka().layout().tasks(),
                    copy, tasks);
            r.figure(RATE, tasks / seconds).figure("wall time s", seconds);
            r.note("Run in the bench JVM against the broker process, on the task records `submit` wrote; compare with scenario 2's"
                    + " tasks/s for the fleet's overhead as a ratio.");
        }
    }
}
