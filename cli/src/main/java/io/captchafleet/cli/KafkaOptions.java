package io.captchafleet.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

import io.captchafleet.common.InputException;
import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.common.topics.TopicLayout;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** How a command reaches Kafka and names its topics; shared by every command that talks to the cluster. */
final class KafkaOptions {
    static final String BOOTSTRAP = "--bootstrap-servers";
    static final String STATE_DIR = "--state-dir";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = BOOTSTRAP, paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (env CAPTCHA_FLEET_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = STATE_DIR, paramLabel = "DIR",
            description = "Instead of --bootstrap-servers: the local embedded fleet's state directory. The command talks to the"
                    + " broker a running 'captcha-fleet local' keeps there, or starts one on it for its own duration.")
    Path stateDir;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Java properties file with extra Kafka client settings, e.g. SASL/SSL.")
    Path kafkaConfig;

    @Mixin
    LayoutOptions names;

    /**
     * The cluster to talk to: {@code --bootstrap-servers}, or the broker of {@code --state-dir}. When both
     * are set and only one was typed on the command line (the other came from the environment), the
     * typed one wins. Connects, or starts the state directory's broker: call {@link #check()} first where
     * other checks come between.
     *
     * @throws InputException when neither or both are given, the --kafka-config file is unreadable, or the
     *                        topic names are invalid
     */
    KafkaConnection connect() {
        return check().get();
    }

    /**
     * The same choice as {@link #connect()}, checked without connecting or starting anything.
     *
     * @return what connects
     * @throws InputException when neither or both are given, the --kafka-config file is unreadable, or the
     *                        topic names are invalid
     */
    Supplier<KafkaConnection> check() {
        names.layout();
        boolean bootstrap = bootstrapServers != null && !bootstrapServers.isBlank();
        boolean state = stateDir != null;
        if (bootstrap && state) {
            ParseResult typed = mixee.commandLine().getParseResult();
            boolean typedBootstrap = typed != null && typed.hasMatchedOption(BOOTSTRAP);
            boolean typedState = typed != null && typed.hasMatchedOption(STATE_DIR);
            if (typedBootstrap == typedState) {
                throw new InputException("Give either " + BOOTSTRAP + " or " + STATE_DIR + ", not both: " + BOOTSTRAP
                        + " names a Kafka cluster, " + STATE_DIR + " the local embedded fleet's directory");
            }
            state = typedState;
        }
        if (state) {
            return () -> KafkaConnection.embedded(stateDir, kafkaConfigFile(), mixee.commandLine().getErr());
        }
        if (!bootstrap) {
            throw new InputException("Missing " + BOOTSTRAP + " (or CAPTCHA_FLEET_BOOTSTRAP_SERVERS) or " + STATE_DIR
                    + ": say where the Kafka cluster is, e.g. " + BOOTSTRAP + " 127.0.0.1:9092, or " + STATE_DIR
                    + " .captcha-fleet for the local embedded fleet");
        }
        KafkaSettings settings = KafkaSettings.of(bootstrapServers, kafkaConfigFile());
        return () -> KafkaConnection.external(settings);
    }

    private Optional<Path> kafkaConfigFile() {
        return Optional.ofNullable(kafkaConfig);
    }

    TopicLayout layout() {
        return names.layout();
    }
}
