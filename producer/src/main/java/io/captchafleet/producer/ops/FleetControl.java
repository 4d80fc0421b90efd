package io.captchafleet.producer.ops;

import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.CaptchaFleetException;
import io.captchafleet.common.InputException;
import io.captchafleet.common.config.ExitCode;
import io.captchafleet.common.fleet.FleetState;
import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.serde.FleetEventCodec;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.common.topics.TopicSettings;
import io.captchafleet.producer.kafka.FleetTopics;
import io.captchafleet.producer.kafka.KafkaClients;
import io.captchafleet.producer.state.FleetStates;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code halt} and {@code resume}: write a HALT or RESUME event to the fatal-errors topic with an
 * idempotent producer outside any transaction (so no open transaction can hide it), wait for the
 * broker's acknowledgement, and report the state the fleet is in afterwards. Runs on the calling
 * thread.
 */
public final class FleetControl {
    /** The key of every fleet event: the topic has one partition and one subject. */
    static final String KEY = "fleet";
    private static final long ACK_TIMEOUT_S = 60;

    private final KafkaClients clients;
    private final TopicLayout layout;
    private final String operator;

    /** @param operator who is acting, recorded as the event's {@code worker}, e.g. {@code operator@host} */
    public FleetControl(KafkaClients clients, TopicLayout layout, String operator) {
        this.clients = clients;
        this.layout = layout;
        this.operator = operator;
    }

    /** What a command did and the state after it. */
    public record Change(boolean written, FleetState before, FleetState after) {

        /** {@code halt --json} and {@code resume --json}: {@code written}, and {@code before} and {@code fleet} (after) as {@code status} shows the fleet. */
        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("written", written);
            o.set("before", StatusJson.fleet(before));
            o.set("fleet", StatusJson.fleet(after));
            return o;
        }
    }

    /**
     * Halts the fleet, creating its topics with {@code settings} if there are none yet (a fleet may be
     * halted before its first batch). When it is halted already nothing is written: the first cause
     * stays the one reported.
     */
    public Change halt(String reason, TopicSettings settings) {
        checkHaltReason(reason);
        try (Admin admin = clients.admin()) {
            FleetTopics.ensure(admin, layout, settings);
        }
        FleetState before = FleetStates.read(clients, layout);
        if (before.halted()) {
            return new Change(false, before, before);
        }
        write(clients, layout, FleetEvent.halt(reason.strip(), operator, Instant.now()));
        return new Change(true, before, FleetStates.read(clients, layout));
    }

    /**
     * A halt needs a reason (status shows it); commands check it before they connect.
     *
     * @throws InputException when it is missing
     */
    public static void checkHaltReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InputException("Missing --reason: say why the fleet is halted, e.g. --reason \"refilling the balance\"");
        }
    }

    /**
     * Resumes a halted fleet. A fleet that is running already is left as it is and nothing is written,
     * like a halt of a halted fleet: running the command twice is as good as once.
     */
    public Change resume(String reason) {
        try (Admin admin = clients.admin()) {
            FleetTopics.require(admin, layout);
        }
        FleetState before = FleetStates.read(clients, layout);
        if (!before.halted()) {
            return new Change(false, before, before);
        }
        String message = reason == null || reason.isBlank() ? null : reason.strip();
        write(clients, layout, FleetEvent.resume(message, operator, Instant.now()));
        return new Change(true, before, FleetStates.read(clients, layout));
    }

    /** Writes one fleet event outside any transaction and waits for the broker's acknowledgement. */
    static void write(KafkaClients clients, TopicLayout layout, FleetEvent event) {
        try (Producer<byte[], byte[]> producer = clients.idempotentProducer()) {
            producer.send(new ProducerRecord<>(layout.fatalErrors(), KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    FleetEventCodec.write(event))).get(ACK_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaptchaFleetException("Interrupted before the " + event.type() + " event was acknowledged", ExitCode.INTERNAL, e);
        } catch (ExecutionException e) {
            throw new CaptchaFleetException("Kafka refused the " + event.type() + " event: " + e.getCause().getMessage(),
                    ExitCode.INTERNAL, e.getCause());
        } catch (TimeoutException e) {
            throw new CaptchaFleetException("The " + event.type() + " event was not acknowledged within " + ACK_TIMEOUT_S
                    + " s; is the cluster reachable?", ExitCode.UNREACHABLE, e);
        }
    }
}
