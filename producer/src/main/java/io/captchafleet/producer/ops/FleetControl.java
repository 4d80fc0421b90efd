package io.captchafleet.producer.ops;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.CaptchaFleetException;
import io.captchafleet.common.InputException;
import io.captchafleet.common.config.ExitCode;
import io.captchafleet.common.fleet.FleetState;
import io.captchafleet.common.model.BatchManifest;
import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.serde.FleetEventCodec;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.common.topics.TopicSettings;
import io.captchafleet.producer.kafka.FleetTopics;
import io.captchafleet.producer.kafka.KafkaClients;
import io.captchafleet.producer.state.Batches;
import io.captchafleet.producer.state.FleetStates;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code halt}, {@code resume} and {@code cap}: write a HALT, RESUME or CAP event to the fatal-errors topic
 * with an idempotent producer outside any transaction (so no open transaction can hide it), wait for the
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

    /** What {@code cap} did: the batch's cap before and after (empty: none). */
    public record CapChange(String batch, boolean written, Optional<BigDecimal> before, Optional<BigDecimal> after) {

        /** {@code cap --json}: {@code batch}, {@code written}, {@code before} and {@code max_spend} (after), amounts or null. */
        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("batch", batch);
            o.put("written", written);
            o.put("before", before.map(BigDecimal::toPlainString).orElse(null));
            o.put("max_spend", after.map(BigDecimal::toPlainString).orElse(null));
            return o;
        }

        public String describe() {
            String now = after.map(a -> "capped at " + a.toPlainString()).orElse("not capped");
            if (!written) {
                return "Batch " + batch + " is " + now + " already; nothing written.";
            }
            return "Batch " + batch + " is " + now + " (it was " + before.map(b -> "capped at " + b.toPlainString()).orElse("not capped")
                    + "). Every worker applies it within about a second; tasks held at the old cap go on if it allows.";
        }
    }

    /**
     * Raises, lowers or lifts ({@code amount} null) a batch's spend cap: a CAP event every worker follows like a
     * halt. The same cap again writes nothing.
     *
     * @throws io.captchafleet.common.InputException when the fleet's topics or the batch do not exist
     */
    public CapChange cap(String batch, BigDecimal amount) {
        try (Admin admin = clients.admin()) {
            FleetTopics.require(admin, layout);
        }
        BatchManifest manifest = Batches.read(clients, layout).require(batch);
        Optional<BigDecimal> before = Optional.ofNullable(FleetStates.read(clients, layout).batch(batch).maxSpend(manifest.maxSpend()));
        boolean same = before.isEmpty() ? amount == null : amount != null && before.get().compareTo(amount) == 0;
        if (same) {
            return new CapChange(batch, false, before, before);
        }
        write(clients, layout, FleetEvent.cap(batch, amount, operator, Instant.now()));
        Optional<BigDecimal> after = Optional.ofNullable(FleetStates.read(clients, layout).batch(batch).maxSpend(manifest.maxSpend()));
        return new CapChange(batch, true, before, after);
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
