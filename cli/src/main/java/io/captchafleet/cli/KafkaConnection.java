package io.captchafleet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

import io.captchafleet.cli.console.ConsoleLog;
import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.producer.kafka.KafkaClients;

/**
 * The cluster one command talks to, for the command's duration: an external cluster, the broker a
 * {@code local} run keeps on a state directory, or an embedded broker this command starts on that
 * directory and stops when it is closed ({@link StateDirBroker}, kept apart so that this class loads in
 * captcha-fleet-worker.jar, which has no embedded broker).
 */
final class KafkaConnection implements AutoCloseable {
    private final KafkaSettings settings;
    /** Stops the broker this command started; nothing for a cluster that was already there. */
    private final Runnable stop;

    KafkaConnection(KafkaSettings settings, Runnable stop) {
        this.settings = settings;
        this.stop = stop;
    }

    static KafkaConnection external(KafkaSettings settings) {
        return new KafkaConnection(settings, () -> { });
    }

    /**
     * The broker running on {@code stateDir}, or a new one on it for this command. From here on the
     * command's log also goes to the state directory's log folder.
     */
    static KafkaConnection embedded(Path stateDir, Optional<Path> kafkaConfig, PrintWriter err) {
        SandboxCommands.requireForStateDir(stateDir);
        ConsoleLog.writeToFile(stateDir);
        return StateDirBroker.connect(stateDir, kafkaConfig, err);
    }

    KafkaSettings settings() {
        return settings;
    }

    KafkaClients clients() {
        return KafkaClients.of(settings);
    }

    @Override
    public void close() {
        stop.run();
    }
}
