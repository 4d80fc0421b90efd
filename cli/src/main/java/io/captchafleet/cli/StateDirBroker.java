package io.captchafleet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

import io.captchafleet.common.InputException;
import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.sandbox.broker.BrokerOptions;
import io.captchafleet.sandbox.broker.BrokerStartException;
import io.captchafleet.sandbox.broker.EmbeddedKafkaBroker;

/**
 * {@code --state-dir}: the broker a running {@code local} keeps on that directory, or an embedded broker
 * started on it for one command. The only place operator commands touch the sandbox; only called where
 * {@link SandboxCommands#available()}.
 */
final class StateDirBroker {
    private StateDirBroker() {
    }

    static KafkaConnection connect(Path stateDir, Optional<Path> kafkaConfig, PrintWriter err) {
        Path dir = stateDir.toAbsolutePath();
        Optional<String> running = EmbeddedKafkaBroker.runningAt(dir);
        if (running.isPresent()) {
            return KafkaConnection.external(KafkaSettings.of(running.get(), kafkaConfig));
        }
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(BrokerOptions.builder().dataDir(dir).build());
        } catch (BrokerStartException e) {
            throw new InputException("Invalid value " + stateDir + " for --state-dir: " + e.getMessage(), e);
        }
        Notice.print(err, "No fleet is running on " + dir + "; started its embedded broker for this command.");
        return new KafkaConnection(KafkaSettings.of(broker.bootstrapServers(), kafkaConfig), broker::close);
    }
}
