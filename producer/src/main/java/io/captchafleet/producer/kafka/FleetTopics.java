package io.captchafleet.producer.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.captchafleet.common.CaptchaFleetException;
import io.captchafleet.common.InputException;
import io.captchafleet.common.topics.TopicCreator;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.common.topics.TopicSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Whether the fleet's topics are there. Commands that write new work ({@code submit}, {@code halt})
 * create what is missing; the others refuse clearly when nothing was ever set up under the prefix,
 * rather than waiting a minute for metadata of a topic that does not exist.
 */
public final class FleetTopics {
    private FleetTopics() {
    }

    /**
     * Creates the layout's missing topics with {@code settings}. When every topic already exists it
     * changes and checks nothing, so topics created earlier with other settings stay usable.
     */
    public static void ensure(Admin admin, TopicLayout layout, TopicSettings settings) {
        if (!missing(admin, layout).isEmpty()) {
            new TopicCreator(admin).ensure(layout, settings);
        }
    }

    /**
     * Checks with a listing, which needs only describe rights; a topic the listing misses is asked of the
     * controller too, since a broker may not list a topic created a moment ago.
     *
     * @throws InputException naming the missing topics and the prefix when any is missing
     */
    public static void require(Admin admin, TopicLayout layout) {
        List<String> missing = listedMissing(admin, layout);
        if (!missing.isEmpty()) {
            try {
                missing = missing(admin, layout);
                missing.remove(layout.pingbacks());
            } catch (CaptchaFleetException e) {
                // Not allowed to ask the controller (no create rights): the listing's answer stands.
            }
        }
        if (!missing.isEmpty()) {
            throw new InputException("No fleet under --topic-prefix " + layout.prefix() + " on this cluster: "
                    + String.join(", ", missing) + (missing.size() == 1 ? " does" : " do") + " not exist. "
                    + "Submit a batch first, or check --topic-prefix and --bootstrap-servers.");
        }
    }

    private static List<String> listedMissing(Admin admin, TopicLayout layout) {
        Set<String> existing = Futures.get(admin.listTopics().names());
        List<String> missing = new ArrayList<>(needed(layout));
        missing.removeAll(existing);
        return missing;
    }

    /**
     * The topics a fleet cannot be without: all but the pingbacks topic, which only callbacks use (a fleet
     * made before it existed gets it from {@code topics create} or its next {@code submit}).
     */
    private static List<String> needed(TopicLayout layout) {
        List<String> needed = new ArrayList<>(layout.allTopics());
        needed.remove(layout.pingbacks());
        return needed;
    }

    /**
     * The layout's topics that do not exist, asked of the controller with a validate-only create: a
     * broker's metadata cache (listTopics) may not list a topic created a moment ago.
     */
    private static List<String> missing(Admin admin, TopicLayout layout) {
        // Names are all a validate-only create needs to say whether a topic exists.
        List<NewTopic> plan = layout.allTopics().stream().map(name -> new NewTopic(name, Optional.empty(), Optional.empty())).toList();
        Map<String, KafkaFuture<Void>> answers = admin.createTopics(plan, new CreateTopicsOptions().validateOnly(true)).values();
        List<String> missing = new ArrayList<>();
        for (NewTopic topic : plan) {
            try {
                Futures.get(answers.get(topic.name()));
                missing.add(topic.name());
            } catch (CaptchaFleetException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        return missing;
    }
}
