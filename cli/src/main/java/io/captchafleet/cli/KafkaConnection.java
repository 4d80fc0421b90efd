package io.captchafleet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

import io.captchafleet.cli.console.ConsoleLog;
import io.captchafleet.common.InputException;
import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.producer.kafka.KafkaClients;
import io.captchafleet.sandbox.broker.BrokerOptions;
import io.captchafleet.sandbox.broker.BrokerStartException;
import io.captchafleet.sandbox.broker.EmbeddedKafkaBroker;

/**
 * The cluster one command talks to, for the command's duration: an external cluster, the broker a
 * {@code local} run keeps on a state directory, or an embedded broker this command starts on that
 * directory and stops when it is closed. Lives in cli because only cli may run the sandbox's broker.
 */
final class KafkaConnection implements AutoCloseable {
    private final KafkaSettings settings;
    private final EmbeddedKafkaBroker startedHere;

    private KafkaConnection(KafkaSettings settings, EmbeddedKafkaBroker startedHere) {
        this.settings = settings;
        this.startedHere = startedHere;
    }

    static KafkaConnection external(KafkaSettings settings) {
        return new KafkaConnection(settings, null);
    }

    /**
     * The broker running on {@code stateDir}, or a new one on it for this command. From here on the
     * command's log also goes to the state directory's log folder.
     */
    static KafkaConnection embedded(Path stateDir, Optional<Path> kafkaConfig, PrintWriter err) {
        Path dir = stateDir.toAbsolutePath();
        ConsoleLog.writeToFile(stateDir);
        Optional<String> running = EmbeddedKafkaBroker.runningAt(dir);
        if (running.isPresent()) {
            return new KafkaConnection(KafkaSettings.of(running.get(), kafkaConfig), null);
        }
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(BrokerOptions.builder().dataDir(dir).build());
        } catch (BrokerStartException e) {
            throw new InputException("Invalid value " + stateDir + " for --state-dir: " + e.getMessage(), e);
        }
        Notice.print(err, "No fleet is running on " + dir + "; started its embedded broker for this command.");
        return new KafkaConnection(KafkaSettings.of(broker.bootstrapServers(), kafkaConfig), broker);
    }

    KafkaSettings settings() {
        return settings;
    }

    KafkaClients clients() {
        return KafkaClients.of(settings);
    }

    @Override
    public void close() {
        if (startedHere != null) {
            startedHere.close();
        }
    }
}
