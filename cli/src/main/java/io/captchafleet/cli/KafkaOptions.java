package io.captchafleet.cli;

import java.nio.file.Path;
import java.util.Optional;

import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.common.topics.RetryTier;
import io.captchafleet.common.topics.TopicLayout;
import picocli.CommandLine.Option;

/** How a command reaches Kafka and names its topics; shared by every command that talks to the cluster. */
final class KafkaOptions {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (env CAPTCHA_FLEET_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Java properties file with extra Kafka client settings, e.g. SASL/SSL.")
    Path kafkaConfig;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = TopicLayout.DEFAULT_PREFIX,
            description = "Prefix of every topic name, the group id and transactional ids (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--retry-tiers", paramLabel = "LIST", defaultValue = "5s,10s,30s,2m,10m",
            description = "Retry delay tiers, one topic each (default: ${DEFAULT-VALUE}).")
    String retryTiers;

    KafkaSettings settings() {
        return KafkaSettings.of(bootstrapServers, Optional.ofNullable(kafkaConfig));
    }

    TopicLayout layout() {
        return new TopicLayout(topicPrefix, RetryTier.parseList(retryTiers, "--retry-tiers"));
    }
}
