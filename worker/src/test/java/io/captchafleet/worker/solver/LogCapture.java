package io.captchafleet.worker.solver;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event of the process while open, with its formatted message and stack trace, and
 * the project's own DEBUG lines too (failure details are logged at DEBUG), so that a test can assert
 * what no log line may say.
 */
public final class LogCapture implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger ours = (Logger) LoggerFactory.getLogger("io.captchafleet");
    private final Level oursBefore = ours.getLevel();

    public LogCapture() {
        appender.start();
        root.addAppender(appender);
        ours.setLevel(Level.DEBUG);
    }

    /** Every captured line: the formatted message, and the stack trace when there is one. */
    public List<String> lines() {
        synchronized (appender) {
            return List.copyOf(appender.list).stream()
                    .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
                    .toList();
        }
    }

    @Override
    public void close() {
        ours.setLevel(oursBefore);
        root.detachAppender(appender);
        appender.stop();
    }
}
