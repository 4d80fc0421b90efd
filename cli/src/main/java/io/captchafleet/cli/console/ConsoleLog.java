package io.captchafleet.cli.console;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import io.captchafleet.common.InputException;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Logging for one command run: logback configured from {@code logback.xml} with the command's {@link
 * LogSettings} as properties, and later, once the command knows its state directory and has checked
 * its input, the log file there as well. Closing the {@link Run} returns logging to how the process
 * started (a command run in-process by tests leaves nothing behind). Static and synchronized: logging
 * is one per process.
 */
public final class ConsoleLog {
    /** The shipped configuration (tests have their own logback-test.xml, which is not this). */
    private static final URL CONFIG = ConsoleLog.class.getResource("/logback.xml");
    /** Log files live here inside a state directory (beside the broker's kafka-logs). */
    public static final String LOG_DIR = "logs";

    private static LogSettings settings;
    private static Path file;

    private ConsoleLog() {
    }

    /** Logging for the length of one command run. */
    public interface Run extends AutoCloseable {
        @Override
        void close();
    }

    /** Configures logging for a command about to run. */
    public static synchronized Run start(LogSettings forCommand) {
        settings = forCommand;
        file = null;
        configure();
        return ConsoleLog::restore;
    }

    /**
     * From now on also writes the full log to {@code <stateDir>/logs/<command>.log} (rotated at 10 MB,
     * five older files kept, gzipped), unless the command is a service, which logs to stderr only.
     * Commands call it once their checks have passed, so a refused command writes nothing there.
     *
     * @return the log file, when there is one
     * @throws InputException when the log folder cannot be created
     */
    public static synchronized Optional<Path> writeToFile(Path stateDir) {
        if (settings == null || !settings.fileInStateDir()) {
            return Optional.empty();
        }
        Path dir = stateDir.resolve(LOG_DIR);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InputException("Invalid value " + stateDir + " for --state-dir: cannot create " + dir + " ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        Path target = dir.resolve(settings.command().replace(' ', '-') + ".log");
        if (!target.equals(file)) {
            file = target;
            configure();
            LoggerFactory.getLogger(ConsoleLog.class).info("captcha-fleet {} (process {}) logs here from now on",
                    settings.command(), ProcessHandle.current().pid());
        }
        return Optional.of(file);
    }

    /** The log file of the command running now, if it writes one. */
    public static synchronized Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** Whether the command running now shows warnings on stderr (it does unless {@code -q}). */
    public static synchronized boolean showsWarnings() {
        return settings == null || settings.showsWarnings();
    }

    private static void configure() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext) || CONFIG == null) {
            return;
        }
        LoggerContext context = (LoggerContext) factory;
        context.reset();
        context.putProperty("captchaFleet.consoleLevel", settings.console().toString());
        context.putProperty("captchaFleet.logFormat", settings.json() ? "json" : "text");
        context.putProperty("captchaFleet.kafkaLines", Boolean.toString(settings.kafkaLines()));
        context.putProperty("captchaFleet.brokerLevel", settings.broker().toString());
        Level root = settings.console();
        if (file != null) {
            context.putProperty("captchaFleet.logFile", file.toString());
            context.putProperty("captchaFleet.fileLevel", settings.file().toString());
            root = settings.file();
        }
        context.putProperty("captchaFleet.rootLevel", root.toString());
        long before = System.currentTimeMillis();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(CONFIG);
        } catch (JoranException e) {
            throw new IllegalStateException("The shipped logback.xml cannot be read", e);
        }
        if (file != null && new StatusUtil(context).getHighestLevel(before) >= Status.ERROR) {
            Path broken = file;
            file = null;
            configure();
            throw new InputException("Cannot write the log file " + broken + ": see the folder's permissions and free space");
        }
    }

    /** Back to the configuration the process started with. */
    private static synchronized void restore() {
        settings = null;
        file = null;
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext) {
            LoggerContext context = (LoggerContext) factory;
            context.reset();
            try {
                new ContextInitializer(context).autoConfig();
            } catch (JoranException e) {
                throw new IllegalStateException("Cannot restore the logging configuration", e);
            }
        }
    }
}
