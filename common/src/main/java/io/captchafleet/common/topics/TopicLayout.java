package io.captchafleet.common.topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import io.captchafleet.common.InputException;

/**
 * The names of every captcha-fleet topic, derived from one prefix (default {@code captcha}) and the
 * retry tiers. The group id and transactional ids derive from the same prefix. Immutable.
 */
public final class TopicLayout {
    public static final String DEFAULT_PREFIX = "captcha";
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,150}");

    private final String prefix;
    private final List<RetryTier> tiers;

    public TopicLayout(String prefix, List<RetryTier> tiers) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new InputException("Invalid value " + prefix + " for --topic-prefix: use letters, digits, '.', '_' or '-'");
        }
        this.prefix = prefix;
        this.tiers = List.copyOf(Objects.requireNonNull(tiers, "tiers"));
    }

    public static TopicLayout withDefaults(String prefix) {
        return new TopicLayout(prefix, RetryTier.DEFAULTS);
    }

    public String prefix() {
        return prefix;
    }

    public List<RetryTier> tiers() {
        return tiers;
    }

    public String tasks() {
        return prefix + ".tasks";
    }

    public String retry(RetryTier tier) {
        return prefix + ".retry." + tier.name();
    }

    public String results() {
        return prefix + ".results";
    }

    public String batches() {
        return prefix + ".batches";
    }

    public String fatalErrors() {
        return prefix + ".fatal-errors";
    }

    public String deadLetter() {
        return prefix + ".dead-letter";
    }

    /** Providers' callbacks as any worker received them, keyed by solver id, for the worker that holds the id. */
    public String pingbacks() {
        return prefix + ".pingbacks";
    }

    /** Downstream verdicts on solved tasks, keyed by task id (co-partitioned); {@code purge} deletes a batch's. */
    public String verdicts() {
        return prefix + ".verdicts";
    }

    /** The worker group's id. */
    public String workerGroup() {
        return prefix + "-workers";
    }

    /** The transactional id of the worker with this instance id. */
    public String workerTransactionalId(String instanceId) {
        return prefix + "-worker-" + instanceId;
    }

    /** The topics workers consume tasks from: the tasks topic, then every tier in order. */
    public List<String> inputTopics() {
        List<String> topics = new ArrayList<>();
        topics.add(tasks());
        tiers.forEach(t -> topics.add(retry(t)));
        return topics;
    }

    /** The tier a topic belongs to, if it is a retry topic. */
    public Optional<RetryTier> tierOf(String topic) {
        return tiers.stream().filter(t -> retry(t).equals(topic)).findFirst();
    }

    /** Every topic of the fleet: the inputs, results, batches, dead letters, fleet events, callbacks and verdicts. */
    public List<String> allTopics() {
        List<String> topics = new ArrayList<>(inputTopics());
        topics.addAll(List.of(results(), batches(), deadLetter(), fatalErrors(), pingbacks(), verdicts()));
        return topics;
    }

    /** Topics keyed by task id that must be co-partitioned: inputs, results and verdicts. */
    public List<String> coPartitionedTopics() {
        List<String> topics = new ArrayList<>(inputTopics());
        topics.add(results());
        topics.add(verdicts());
        return topics;
    }
}
