package io.captchafleet.sandbox.broker;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import kafka.server.KafkaConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does the JVM's first-time work of a broker start ahead of it, on a daemon thread, and writes nothing: it
 * builds a broker configuration (Kafka's configuration definitions take about half a second to build on a cold
 * JVM) and loads the classes the start goes through. A command that checks its input before it starts the
 * embedded broker begins this first, so that work runs on the second core while the check runs on the first.
 */
public final class BrokerWarmUp {
    private static final Logger log = LoggerFactory.getLogger(BrokerWarmUp.class);
    /** The heaviest classes of a start, in the order it meets them. */
    private static final List<String> CLASSES = List.of("kafka.server.KafkaRaftServer", "kafka.server.SharedServer",
            "kafka.server.ControllerServer", "org.apache.kafka.raft.KafkaRaftClient", "org.apache.kafka.controller.QuorumController",
            "kafka.network.SocketServer", "kafka.server.BrokerServer", "kafka.server.ReplicaManager",
            "org.apache.kafka.storage.internals.log.UnifiedLog");

    /** The folder the placeholder configuration names; never created. */
    static final String WARM_UP_FOLDER = "captcha-fleet-broker-warm-up";

    private BrokerWarmUp() {
    }

    /** Starts the warm-up and returns at once (with its thread, for a test to wait on); it never fails the caller. */
    public static Thread begin() {
        Thread t = new Thread(BrokerWarmUp::run, "broker-warm-up");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void run() {
        try {
            // Ports and the folder are placeholders: a configuration is only built, nothing listens or is written.
            KafkaConfig.fromProps(EmbeddedKafkaBroker.brokerProperties(Path.of(WARM_UP_FOLDER), 1, 2, Map.of()));
            ClassLoader loader = BrokerWarmUp.class.getClassLoader();
            for (String name : CLASSES) {
                Class.forName(name, true, loader);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            log.debug("Broker warm-up stopped early (the start does the same work itself): {}", e.toString());
        }
    }
}
