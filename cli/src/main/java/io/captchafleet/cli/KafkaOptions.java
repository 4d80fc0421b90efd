package io.captchafleet.cli;

import java.nio.file.Path;
import java.time.Duration;
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

    @Option(names = {BOOTSTRAP, "--bootstrap-server"}, paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers, in either spelling (env CAPTCHA_FLEET_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = STATE_DIR, paramLabel = "DIR",
            description = "Instead of --bootstrap-servers: the local embedded fleet's state directory. The command talks to the"
                    + " broker a running 'captcha-fleet local' keeps there, or starts one on it for its own duration.")
    Path stateDir;

    @Option(names = {"--kafka-config", "--command-config"}, paramLabel = "FILE",
            description = "Java properties file with extra Kafka client settings, e.g. SASL/SSL (--command-config is the"
                    + " name Kafka's tools give it).")
    Path kafkaConfig;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "Give up (exit 6) when no broker of --bootstrap-servers answers within this time (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

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
     * @throws io.captchafleet.common.CaptchaFleetException exit 6 when the external cluster does not answer within
     *     {@code --connect-timeout}
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
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new InputException("Invalid value " + DurationConverter.format(connectTimeout) + " for --connect-timeout: must be"
                    + " above zero");
        }
        KafkaSettings settings = KafkaSettings.of(bootstrapServers, kafkaConfigFile());
        return () -> {
            ClusterProbe.requireReachable(settings, connectTimeout);
            return KafkaConnection.external(settings);
        };
    }

    private Optional<Path> kafkaConfigFile() {
        return Optional.ofNullable(kafkaConfig);
    }

    TopicLayout layout() {
        return names.layout();
    }
}
