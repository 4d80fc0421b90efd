package io.captchafleet.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops two warnings the embedded broker logs through the shared Kafka client loggers on every start
 * and stop (its transaction-marker sender trying to connect before the listener is up; a channel closed
 * twice on shutdown). They say nothing to a user, and a filter keeps the same loggers' warnings from the
 * fleet's own clients. Registered in logback.xml.
 */
public final class BrokerNoiseFilter extends Filter<ILoggingEvent> {
    @Override
    public FilterReply decide(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
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
}
