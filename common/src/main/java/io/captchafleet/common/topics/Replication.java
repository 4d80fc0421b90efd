package io.captchafleet.common.topics;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import io.captchafleet.common.InputException;

/**
 * How many copies of every partition of the fleet's topics the cluster keeps, and how many of them
 * must have a write before it is acknowledged ({@code min.insync.replicas}; every fleet producer
 * writes with {@code acks=all}). Chosen once per topic creation from the settings and the number of
 * brokers:
 *
 * <ul>
 *   <li>replication factor: as given, else 3 on a cluster of three or more brokers, 2 on two, 1 on one;</li>
 *   <li>min.insync.replicas: as given, else a majority of the replicas (2 of 3, 3 of 5), but 1 when
 *       there are one or two replicas, so that one broker down does not stop every write.</li>
 * </ul>
 *
 * With 3 and 2 an acknowledged outcome, offset or fleet event is on two brokers, and the fleet keeps
 * running while any one broker is down.
 */
public record Replication(int factor, int minInsyncReplicas) {
    /** The replication factor a cluster of three or more brokers gets by default. */
    public static final int DEFAULT_FACTOR = 3;

    /**
     * The replication for a cluster with this many live brokers.
     *
     * @throws InputException when an explicit replication factor exceeds the broker count
     */
    public static Replication choose(TopicSettings settings, int brokers) {
        OptionalInt asked = settings.replicationFactor();
        if (asked.isPresent() && asked.getAsInt() > brokers) {
            throw new InputException("Invalid value " + asked.getAsInt() + " for --replication-factor: the cluster has "
                    + (brokers == 1 ? "1 broker" : brokers + " brokers") + ", and each replica of a partition needs a broker of its own");
        }
        int factor = asked.orElse(Math.max(1, Math.min(DEFAULT_FACTOR, brokers)));
        int minIsr = settings.minInsyncReplicas().orElse(factor <= 2 ? 1 : factor / 2 + 1);
        if (minIsr > factor) {
            throw new InputException("Invalid value " + minIsr + " for --min-insync-replicas: must be at most the replication factor ("
                    + factor + (asked.isPresent() ? "" : ", chosen for a cluster of " + brokers + (brokers == 1 ? " broker" : " brokers"))
                    + "), or no write could ever be acknowledged");
        }
        return new Replication(factor, minIsr);
    }

    /**
     * How an existing topic's replication differs from this choice, one line per value. A value given
     * with its flag must match exactly; a default is a floor, so a topic with more replicas or a higher
     * {@code min.insync.replicas} (made by hand, or while more brokers were up) passes.
     */
    List<String> shortfalls(String topic, int replicas, int minIsr, TopicSettings settings) {
        List<String> problems = new ArrayList<>();
        boolean exactFactor = settings.replicationFactor().isPresent();
        if (exactFactor ? replicas != factor : replicas < factor) {
            problems.add(topic + " has replication factor " + replicas + ", expected " + (exactFactor ? "" : "at least ") + factor);
        }
        boolean exactMinIsr = settings.minInsyncReplicas().isPresent();
        if (exactMinIsr ? minIsr != minInsyncReplicas : minIsr < minInsyncReplicas) {
            problems.add(topic + " has min.insync.replicas=" + minIsr + ", expected " + (exactMinIsr ? "" : "at least ") + minInsyncReplicas);
        }
        return problems;
    }
}
