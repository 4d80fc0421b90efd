package io.captchafleet.cli;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Kafka's own log lines on a log. Unless {@code kafkaLines} is set, it keeps off the embedded broker's
 * lines (its errors too: a {@code NotControllerException} while it starts says nothing to a user) and
 * the Kafka clients' warnings (a transaction retried), letting the clients' errors through: stderr of
 * {@code local} and the operator commands shows them only with {@code --verbose}, the log file always.
 * Either way it drops two warnings the broker logs through the shared client loggers on every start and
 * stop (its transaction-marker sender trying to connect before the listener is up; a channel closed
 * twice on shutdown). Registered in logback.xml.
 */
public final class KafkaNoiseFilter extends Filter<ILoggingEvent> {
    /** The broker's components, as logback.xml sets their levels (the clients under org.apache.kafka are not among them). */
    private static final List<String> BROKER_LOGGERS = List.of("kafka.", "state.change.logger", "org.apache.kafka.controller.",
            "org.apache.kafka.server.", "org.apache.kafka.raft.", "org.apache.kafka.storage.", "org.apache.kafka.metadata.",
            "org.apache.kafka.image.", "org.apache.kafka.coordinator.", "org.apache.kafka.queue.", "org.apache.kafka.snapshot.",
            "org.apache.kafka.network.", "org.apache.kafka.security.");

    private boolean kafkaLines;

    /** Whether the broker's lines and the clients' warnings pass (logback sets it from logback.xml). */
    public void setKafkaLines(boolean kafkaLines) {
        this.kafkaLines = kafkaLines;
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        String logger = event.getLoggerName();
        boolean error = event.getLevel().isGreaterOrEqual(Level.ERROR);
        if (!kafkaLines && (fromBroker(logger) || (!error && logger.startsWith("org.apache.kafka.")))) {
            return FilterReply.DENY;
        }
        if (error) {
            return FilterReply.NEUTRAL;
        }
        String thread = event.getThreadName();
        if (thread != null && thread.startsWith("TxnMarkerSenderThread")) {
            return FilterReply.DENY;
        }
        String message = event.getFormattedMessage();
        if (message != null && message.contains("Attempting to close NetworkClient that has already been closed")) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }

    private static boolean fromBroker(String logger) {
        for (String prefix : BROKER_LOGGERS) {
            if (logger.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
