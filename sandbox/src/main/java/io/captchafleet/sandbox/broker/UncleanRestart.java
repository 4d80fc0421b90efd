package io.captchafleet.sandbox.broker;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.ControllerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.image.MetadataDelta;
import org.apache.kafka.image.MetadataImage;
import org.apache.kafka.image.loader.LoaderManifest;
import org.apache.kafka.image.publisher.MetadataPublisher;
import org.apache.kafka.metadata.BrokerRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before the broker restarts on a log directory it did not shut down cleanly (a SIGKILL), runs the
 * controller alone until it has fenced the broker's last registration, so that the broker starts leading
 * no partition.
 *
 * <p>Why: the metadata log of a killed broker still names it the leader of every partition, and a
 * restarted broker acts on that at once. Its transaction coordinator loads the transaction log at that
 * stale leader epoch and sends the markers of transactions left prepared, or aborts those that timed out.
 * Moments later the controller fences the old registration (every partition loses its leader) and elects
 * the broker again at a new epoch. A marker sent in between finds its partition leaderless, which Kafka
 * takes for a deleted partition: the marker is dropped and the transaction is still recorded complete.
 * The partition then holds an open transaction that nothing ends: read_committed reads stop at it, and on
 * {@code __consumer_offsets} the group's offsets stay {@code UNSTABLE_OFFSET_COMMIT}, so a consumer's
 * {@code position()} times out ({@code local} rerun after {@code kill -9}: "the position for partition
 * captcha.tasks-4 could not be determined"). A broker that starts fenced has its coordinators elected
 * once, at the new epoch, when every leader is known, and the markers of such transactions arrive.
 *
 * <p>A clean shutdown fences the broker itself, and Kafka marks the log directory clean; only the other
 * case needs this. Used from the thread starting the broker.
 */
final class UncleanRestart {
    private static final Logger log = LoggerFactory.getLogger(UncleanRestart.class);
    /** Kafka writes this into a log directory when it shuts down cleanly and deletes it when it starts. */
    static final String CLEAN_SHUTDOWN_FILE = ".kafka_cleanshutdown";
    private static final Duration FENCING_TIMEOUT = Duration.ofSeconds(60);
    /** The controller fences a broker that has not sent a heartbeat for this long. */
    private static final String SESSION_TIMEOUT_MS = "1000";

    private UncleanRestart() {
    }

    /** Whether the broker last using {@code logDir} stopped without shutting down cleanly. */
    static boolean happened(Path logDir) {
        return !Files.exists(logDir.resolve(CLEAN_SHUTDOWN_FILE));
    }

    /**
     * Runs a controller-only server on {@code logDir}'s metadata log until broker {@code nodeId} is fenced
     * and leads no partition (and the controller has registered itself), then stops it cleanly. Returns how
     * many partitions the broker had still led.
     *
     * @throws BrokerStartException when the controller does not start or does not fence the broker in time
     */
    static int fenceLastRegistration(Path logDir, int nodeId, int controllerPort) {
        long started = System.nanoTime();
        KafkaRaftServer controller = new KafkaRaftServer(KafkaConfig.fromProps(controllerProperties(logDir, nodeId,
                controllerPort)), Time.SYSTEM);
        FencingWatch watch = new FencingWatch(nodeId);
        try {
            controller.startup();
            controllerServer(controller).sharedServer().loader().installPublishers(List.of(watch))
                    .get(FENCING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            int formerlyLed = watch.fenced.get(FENCING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Restarting after an unclean stop: the controller fenced the broker's last registration first ({} partitions"
                    + " it led, {} ms)", formerlyLed, Duration.ofNanos(System.nanoTime() - started).toMillis());
            return formerlyLed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerStartException("Interrupted while the controller fenced the broker's last registration", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new BrokerStartException("The controller did not fence the broker's last registration within "
                    + FENCING_TIMEOUT.toSeconds() + " s (" + watch.lastSeen + ")", e);
        } finally {
            controller.shutdown();
            controller.awaitShutdown();
        }
    }

    /** The node's own metadata log and controller listener; a short session, so the old registration is fenced soon. */
    private static Properties controllerProperties(Path logDir, int nodeId, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "controller");
        p.put("node.id", Integer.toString(nodeId));
        p.put("controller.quorum.voters", nodeId + "@127.0.0.1:" + controllerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listeners", "CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("broker.session.timeout.ms", SESSION_TIMEOUT_MS);
        p.put("broker.heartbeat.interval.ms", "200");
        return p;
    }

    /**
     * The controller part of a server. Kafka keeps it in a private field: this is the one place that reaches
     * into Kafka's internals, so a Kafka upgrade that renames it fails here, by name, and in the tests.
     */
    private static ControllerServer controllerServer(KafkaRaftServer server) {
        try {
            Field field = KafkaRaftServer.class.getDeclaredField("controller");
            field.setAccessible(true);
            scala.Option<?> controller = (scala.Option<?>) field.get(server);
            return (ControllerServer) controller.get();
        } catch (ReflectiveOperationException | ClassCastException | java.util.NoSuchElementException e) {
            throw new BrokerStartException("This Kafka version's KafkaRaftServer has no controller field to watch: " + e, e);
        }
    }

    /** Completes with the number of partitions the broker led once the metadata shows it fenced and leading none. */
    private static final class FencingWatch implements MetadataPublisher {
        private final int nodeId;
        private final CompletableFuture<Integer> fenced = new CompletableFuture<>();
        private volatile int ledAtFirst = -1;
        private volatile String lastSeen = "no metadata loaded yet";

        FencingWatch(int nodeId) {
            this.nodeId = nodeId;
        }

        @Override
        public String name() {
            return "captcha-fleet-fencing-watch";
        }

        @Override
        public void onMetadataUpdate(MetadataDelta delta, MetadataImage image, LoaderManifest manifest) {
            BrokerRegistration broker = image.cluster().broker(nodeId);
            long led = image.topics().topicsById().values().stream()
                    .flatMap(topic -> topic.partitions().values().stream())
                    .filter(partition -> partition.leader == nodeId)
                    .count();
            if (ledAtFirst < 0) {
                ledAtFirst = (int) led;
            }
            // The controller's own registration is awaited too: stopped while it is in flight, the controller logs it as an error.
            boolean controllerRegistered = image.cluster().controllers().containsKey(nodeId);
            lastSeen = "broker " + nodeId + (broker == null ? " not registered" : broker.fenced() ? " fenced" : " not fenced")
                    + ", leading " + led + " partitions, controller " + (controllerRegistered ? "registered" : "not registered yet");
            if ((broker == null || broker.fenced()) && led == 0 && controllerRegistered) {
                fenced.complete(ledAtFirst);
            }
        }
    }
}
