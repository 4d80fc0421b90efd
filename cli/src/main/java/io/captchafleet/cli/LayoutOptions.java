package io.captchafleet.cli;

import io.captchafleet.common.topics.RetryTier;
import io.captchafleet.common.topics.TopicLayout;
import picocli.CommandLine.Option;

/** How the fleet's topics are named: the prefix and the retry tiers. */
final class LayoutOptions {
    static final String DEFAULT_TIERS = "5s,10s,30s,2m,10m";

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = TopicLayout.DEFAULT_PREFIX,
            description = "Prefix of every topic name, the group id and transactional ids (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--retry-tiers", paramLabel = "LIST", defaultValue = DEFAULT_TIERS,
            description = "Retry delay tiers, one topic each (default: ${DEFAULT-VALUE}).")
    String retryTiers;

    TopicLayout layout() {
        return new TopicLayout(topicPrefix, RetryTier.parseList(retryTiers, "--retry-tiers"));
    }
}
