package io.captchafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import io.captchafleet.cli.console.LogSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What each command shows on stderr and where its log goes, as the flags and the environment say. */
class LoggingOptionsTest {
    @Test
    void localAndOperatorCommandsShowWarningsAndWriteTheirLogToAFileWhileServicesLogInfoOnStderr() {
        assertThat(settings(Map.of(), "local", "t.jsonl"))
                .isEqualTo(new LogSettings(Level.WARN, false, false, Level.ERROR, true, "local"));
        assertThat(settings(Map.of(), "topics", "create")).isEqualTo(new LogSettings(Level.WARN, false, false, Level.ERROR, true,
                "topics create"));
        assertThat(settings(Map.of(), "worker")).isEqualTo(new LogSettings(Level.INFO, false, true, Level.ERROR, false, "worker"));
        assertThat(settings(Map.of(), "broker")).isEqualTo(new LogSettings(Level.INFO, false, true, Level.ERROR, false, "broker"));
    }

    @Test
    void quietVerboseAndLogLevelSetWhatStderrShowsTypedBeforeOrAfterTheCommand() {
        assertThat(settings(Map.of(), "-q", "status").console()).isEqualTo(Level.ERROR);
        assertThat(settings(Map.of(), "status", "--quiet").showsWarnings()).isFalse();
        assertThat(settings(Map.of(), "local", "t.jsonl", "-v"))
                .isEqualTo(new LogSettings(Level.INFO, false, true, Level.WARN, true, "local"));
        assertThat(settings(Map.of(), "--log-level", "debug", "worker"))
                .isEqualTo(new LogSettings(Level.DEBUG, false, true, Level.WARN, false, "worker"));
        assertThat(settings(Map.of(), "worker", "--log-format", "JSON").json()).isTrue();
    }

    @Test
    void theEnvironmentSetsThemTooAndATypedFlagWins() {
        assertThat(settings(Map.of("CAPTCHA_FLEET_LOG_LEVEL", "warn"), "worker").console()).isEqualTo(Level.WARN);
        assertThat(settings(Map.of("CAPTCHA_FLEET_LOG_FORMAT", "json"), "worker").json()).isTrue();
        assertThat(settings(Map.of("CAPTCHA_FLEET_QUIET", "true"), "status", "-v").console()).isEqualTo(Level.INFO);
    }

    @Test
    void kafkasOwnLinesStayOffStderrUnlessAskedForButItsClientsErrorsDoNot() {
        KafkaNoiseFilter quiet = new KafkaNoiseFilter();
        assertThat(quiet.decide(event("kafka.server.ControllerApis", Level.ERROR, "main", "NotControllerException")))
                .isEqualTo(FilterReply.DENY);
        assertThat(quiet.decide(event("org.apache.kafka.clients.producer.internals.Sender", Level.WARN, "main", "CONCURRENT_TRANSACTIONS")))
                .isEqualTo(FilterReply.DENY);
        assertThat(quiet.decide(event("org.apache.kafka.clients.NetworkClient", Level.ERROR, "main", "cannot connect")))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(quiet.decide(event("io.captchafleet.worker.loop.WorkerLoop", Level.WARN, "main", "ours"))).isEqualTo(FilterReply.NEUTRAL);
        KafkaNoiseFilter verbose = new KafkaNoiseFilter();
        verbose.setKafkaLines(true);
        assertThat(verbose.decide(event("kafka.server.ControllerApis", Level.ERROR, "main", "x"))).isEqualTo(FilterReply.NEUTRAL);
        assertThat(verbose.decide(event("org.apache.kafka.clients.NetworkClient", Level.WARN, "TxnMarkerSenderThread-1", "x")))
                .isEqualTo(FilterReply.DENY);
    }

    private static LogSettings settings(Map<String, String> env, String... args) {
        CommandLine cli = Main.newCommandLine();
        cli.setDefaultValueProvider(new EnvironmentDefaults(env));
        CaptchaFleetCommand root = cli.getCommand();
        return root.logging.settings(cli.parseArgs(args));
    }

    private static LoggingEvent event(String logger, Level level, String thread, String message) {
        LoggerContext context = new LoggerContext();
        LoggingEvent e = new LoggingEvent(LoggingOptionsTest.class.getName(), context.getLogger(logger), level, message, null, null);
        e.setThreadName(thread);
        return e;
    }
}
