package io.captchafleet.common.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import io.captchafleet.common.CaptchaFleetException;
import io.captchafleet.common.config.ExitCode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates captcha-fleet's topics with the AdminClient. Idempotent: topics that exist and match are
 * left alone; when any existing topic does not match (partition count, cleanup policy, retention,
 * replication factor, min.insync.replicas) it refuses before creating anything and names every
 * mismatch. The replication is chosen from the number of brokers ({@link Replication#choose}).
 *
 * <p>Not thread-safe: use one instance per call site; the Admin client it is given is the caller's.
 */
public final class TopicCreator {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration METADATA_WAIT = Duration.ofSeconds(15);
    /** Partitions of the pingbacks topic (fewer when every keyed topic has fewer). */
    static final int PINGBACK_PARTITIONS = 3;
    /** How long a provider's callback is kept on the pingbacks topic. */
    static final Duration PINGBACK_RETENTION = Duration.ofHours(1);

    private final Admin admin;

    public TopicCreator(Admin admin) {
        this.admin = admin;
    }

    /** What {@link #ensure} found and did, and the replication it chose. */
    public record Report(List<String> created, List<String> existing, Replication replication) {
    }

    /** The topics the layout needs, with their configuration and this replication. */
    public static List<NewTopic> plan(TopicLayout layout, TopicSettings settings, Replication replication) {
        String minIsr = Integer.toString(replication.minInsyncReplicas());
        Map<String, String> taskConfig = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(settings.retention().toMillis()),
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(settings.maxMessageBytes()),
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr);
        Map<String, String> compacted = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(settings.maxMessageBytes()),
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr);
        // Fleet events decide whether the fleet is halted: they are tiny and must never expire.
        Map<String, String> events = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, "-1",
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr);
        // Callbacks matter for seconds: a lost one is polled for, so an hour is ample.
        Map<String, String> callbacks = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(PINGBACK_RETENTION.toMillis()),
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr);
        Optional<Short> rf = Optional.of((short) replication.factor());
        Optional<Integer> n = Optional.of(settings.partitions());

        List<NewTopic> topics = new ArrayList<>();
        for (String name : layout.allTopics()) {
            if (name.equals(layout.fatalErrors())) {
                topics.add(new NewTopic(name, Optional.of(1), rf).configs(events));
            } else if (name.equals(layout.pingbacks())) {
                // Not co-partitioned (keyed by solver id, read whole by every worker): a few partitions suffice.
                topics.add(new NewTopic(name, Optional.of(Math.min(PINGBACK_PARTITIONS, settings.partitions())), rf).configs(callbacks));
            } else if (name.equals(layout.results()) || name.equals(layout.batches()) || name.equals(layout.verdicts())) {
                topics.add(new NewTopic(name, n, rf).configs(compacted));
            } else {
                topics.add(new NewTopic(name, n, rf).configs(taskConfig));
            }
        }
        return topics;
    }

    /**
     * Makes sure every topic of the layout exists as configured.
     *
     * @throws TopicMismatchException when an existing topic differs; nothing was changed
     */
    public Report ensure(TopicLayout layout, TopicSettings settings) {
        Replication replication = Replication.choose(settings, call(admin.describeCluster().nodes()).size());
        List<NewTopic> plan = plan(layout, settings, replication);
        for (int round = 0; ; round++) {
            Set<String> existing = existing(plan);
            List<NewTopic> present = plan.stream().filter(t -> existing.contains(t.name())).toList();
            List<String> problems = mismatches(present, settings, replication);
            if (!problems.isEmpty()) {
                throw new TopicMismatchException("Existing topics do not match the configuration; nothing was changed:\n  - "
                        + String.join("\n  - ", problems)
                        + "\nUse the same --partitions, --retention, --replication-factor and --min-insync-replicas as when they were"
                        + " created, or delete these topics first (Kafka's kafka-reassign-partitions.sh and kafka-configs.sh can also"
                        + " change a topic's replication factor and min.insync.replicas in place).");
            }
            List<NewTopic> missing = plan.stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return new Report(List.of(), names(present), replication);
            }
            try {
                call(admin.createTopics(missing).all());
                return new Report(names(missing), names(present), replication);
            } catch (CaptchaFleetException e) {
                // Another process created some of them at the same moment: check them like any other.
                if (!(e.getCause() instanceof TopicExistsException) || round > 0) {
                    throw e;
                }
            }
        }
    }

    /**
     * The planned topics that exist, asked of the controller (a validate-only create) rather than of a
     * broker's metadata cache, which may not yet list a topic created a moment ago.
     */
    private Set<String> existing(List<NewTopic> plan) {
        Map<String, KafkaFuture<Void>> answers = admin.createTopics(plan, new CreateTopicsOptions().validateOnly(true)).values();
        Set<String> existing = new HashSet<>();
        for (Map.Entry<String, KafkaFuture<Void>> answer : answers.entrySet()) {
            try {
                call(answer.getValue());
            } catch (CaptchaFleetException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                existing.add(answer.getKey());
            }
        }
        return existing;
    }

    private List<String> mismatches(List<NewTopic> present, TopicSettings settings, Replication replication) {
        if (present.isEmpty()) {
            return List.of();
        }
        List<String> names = names(present);
        Map<String, TopicDescription> descriptions = describeWhenVisible(names);
        List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<ConfigResource, Config> configs = call(admin.describeConfigs(resources).all());

        List<String> problems = new ArrayList<>();
        for (NewTopic wanted : present) {
            int partitions = descriptions.get(wanted.name()).partitions().size();
            int expected = wanted.numPartitions();
            if (partitions != expected) {
                problems.add(wanted.name() + " has " + partitions + " partitions, expected " + expected
                        + (expected == 1 ? "" : " (every keyed topic has the same count, so partition p of each holds the same task ids)"));
            }
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, wanted.name()));
            check(problems, wanted, config, TopicConfig.CLEANUP_POLICY_CONFIG);
            check(problems, wanted, config, TopicConfig.RETENTION_MS_CONFIG);
            int replicas = descriptions.get(wanted.name()).partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
            int minIsr = Integer.parseInt(config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value());
            problems.addAll(replication.shortfalls(wanted.name(), replicas, minIsr, settings));
        }
        return problems;
    }

    /**
     * Describes topics the controller says exist; a broker may take a moment to learn of a topic created
     * just now, so "unknown topic" is retried for a bounded time.
     */
    private Map<String, TopicDescription> describeWhenVisible(List<String> names) {
        long deadline = System.nanoTime() + METADATA_WAIT.toNanos();
        while (true) {
            try {
                return call(admin.describeTopics(names).allTopicNames());
            } catch (CaptchaFleetException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static void check(List<String> problems, NewTopic wanted, Config config, String key) {
        String expected = wanted.configs().get(key);
        if (expected == null) {
            return;
        }
        String actual = config.get(key) == null ? null : config.get(key).value();
        if (!expected.equals(actual)) {
            problems.add(wanted.name() + " has " + key + "=" + actual + describeMs(key, actual)
                    + ", expected " + expected + describeMs(key, expected));
        }
    }

    private static String describeMs(String key, String value) {
        if (!TopicConfig.RETENTION_MS_CONFIG.equals(key) || value == null) {
            return "";
        }
        long ms = Long.parseLong(value);
        if (ms < 0) {
            return " (forever)";
        }
        Duration d = Duration.ofMillis(ms);
        return d.toHours() >= 24 && d.toHours() % 24 == 0 ? " (" + d.toDays() + " days)" : " (" + d.toHours() + " hours)";
    }

    private static List<String> names(Collection<NewTopic> topics) {
        return topics.stream().map(NewTopic::name).collect(Collectors.toList());
    }

    private static <T> T call(KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaptchaFleetException("Interrupted while talking to Kafka", ExitCode.INTERNAL, e);
        } catch (ExecutionException e) {
            throw new CaptchaFleetException("Kafka refused a topic request: " + e.getCause().getMessage(), ExitCode.INTERNAL, e.getCause());
        } catch (TimeoutException e) {
            throw new CaptchaFleetException("Kafka did not answer within " + TIMEOUT.toSeconds() + " s; is the cluster reachable?",
                    ExitCode.INTERNAL, e);
        }
    }
}
