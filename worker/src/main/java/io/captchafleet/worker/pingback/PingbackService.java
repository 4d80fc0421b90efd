package io.captchafleet.worker.pingback;

import java.time.Clock;

import com.sun.net.httpserver.HttpHandler;
import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.worker.kafka.KafkaClients;
import io.captchafleet.worker.solver.Pingback;
import io.captchafleet.worker.solver.Solver;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A process's part in callbacks: the handler its HTTP port serves at {@link Pingback#PATH} (publishing what
 * it receives) and the follower that applies callbacks to the process's solver. Started by the worker
 * process when {@code --pingback-url} is given; closed with it. Thread-safe.
 */
public final class PingbackService implements AutoCloseable {
    private final PingbackWriter writer;
    private final PingbackFollower follower;
    private final PingbackReceiver receiver;

    private PingbackService(PingbackWriter writer, PingbackFollower follower, PingbackReceiver receiver) {
        this.writer = writer;
        this.follower = follower;
        this.receiver = receiver;
    }

    /** Starts the follower and makes the handler; {@code worker} (the process's instance id) names both in Kafka. */
    public static PingbackService start(Pingback pingback, KafkaSettings kafka, TopicLayout layout, KafkaClients clients, Solver solver,
                                        String worker, Clock clock, MeterRegistry registry) {
        PingbackWriter writer = new PingbackWriter(kafka, layout.pingbacks(), clients, worker);
        PingbackFollower follower = new PingbackFollower(kafka, layout.pingbacks(), clients, solver, worker, registry).start();
        return new PingbackService(writer, follower, new PingbackReceiver(pingback, writer, worker, clock, registry));
    }

    /** The handler of {@link Pingback#PATH}. */
    public HttpHandler handler() {
        return receiver;
    }

    /** Stops following (callbacks are no longer applied: tasks are polled), then the writer. */
    @Override
    public void close() {
        follower.close();
        writer.close();
    }
}
