package io.captchafleet.cli;

import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.topics.TopicCreator;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.common.topics.TopicSettings;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code captcha-fleet topics}: topic administration. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Manage the fleet's Kafka topics.",
        subcommands = TopicsCommand.Create.class)
final class TopicsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: try 'captcha-fleet topics create'");
    }

    /** {@code captcha-fleet topics create}: idempotent creation of every topic. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create every topic the fleet needs. Running it again changes nothing; existing topics that"
                    + " do not match (partitions, compaction, retention, replication factor, min.insync.replicas) are named"
                    + " and nothing is changed.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        KafkaOptions kafka;

        @Mixin
        TopicOptions topics;

        @Mixin
        JsonOutput json;

        @Override
        public Integer call() {
            TopicLayout layout = kafka.layout();
            TopicSettings settings = topics.settings();
            try (KafkaConnection connection = kafka.connect(); Admin admin = Admin.create(connection.settings().clientConfig())) {
                TopicCreator.Report report = new TopicCreator(admin).ensure(layout, settings);
                json.print(spec.commandLine().getOut(), () -> toJson(layout, report), () -> describe(layout, report));
            }
            return 0;
        }

        private static String describe(TopicLayout layout, TopicCreator.Report report) {
            if (report.created().isEmpty()) {
                return "All " + report.existing().size() + " topics with prefix " + layout.prefix() + " exist and match; nothing changed.";
            }
            return "Created " + report.created().size() + " topics: " + String.join(", ", report.created())
                    + System.lineSeparator() + "Each has replication factor " + report.replication().factor()
                    + " and min.insync.replicas=" + report.replication().minInsyncReplicas() + "."
                    + (report.existing().isEmpty() ? "" : System.lineSeparator() + "Already there and matching: "
                    + String.join(", ", report.existing()));
        }

        /**
         * {@code topics create --json}: {@code prefix}, {@code created} and {@code existing} (topic names),
         * {@code replication_factor} and {@code min_insync_replicas}.
         */
        private static ObjectNode toJson(TopicLayout layout, TopicCreator.Report report) {
            ObjectNode o = Json.object();
            o.put("prefix", layout.prefix());
            report.created().forEach(o.putArray("created")::add);
            report.existing().forEach(o.putArray("existing")::add);
            o.put("replication_factor", report.replication().factor());
            o.put("min_insync_replicas", report.replication().minInsyncReplicas());
            return o;
        }
    }
}
