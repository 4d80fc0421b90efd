package io.captchafleet.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.captchafleet.common.InputException;
import io.captchafleet.common.serde.Json;
import io.captchafleet.producer.ops.StatusJson;
import io.captchafleet.producer.ops.StatusReader;
import io.captchafleet.producer.ops.StatusReport;
import io.captchafleet.producer.ops.StatusText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code captcha-fleet status}: where every batch stands, whether the fleet is halted, its workers and lag. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Per batch: total, solved, failed by error, in flight, retrying, pending, paid submits, rate and ETA;"
                + " whether the fleet is halted (since when, by which code and task); live workers and consumer lag.")
final class StatusCommand implements Callable<Integer> {
    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--batch", paramLabel = "ID", description = "Show this batch only (default: every batch).")
    String batch;

    @Option(names = "--watch", description = "Redraw until the batch (or every batch) is finished.")
    boolean watch;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "How often --watch redraws (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--json", description = "Print one JSON object (with --watch, one per line per redraw).")
    boolean json;

    @Override
    public Integer call() {
        if (interval.isNegative() || interval.isZero()) {
            throw new InputException("Invalid value " + interval + " for --interval: must be positive");
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean redraw = watch && !json && Terminal.isInteractive();
        try (KafkaConnection connection = kafka.connect();
                StatusReader reader = new StatusReader(connection.clients(), kafka.layout(), Optional.ofNullable(batch))) {
            while (true) {
                StatusReport report = reader.read();
                if (redraw) {
                    out.print(CLEAR_SCREEN);
                }
                out.print(json ? Json.write(StatusJson.render(report)) + "\n" : StatusText.render(report, watch));
                out.flush();
                if (!watch || report.finished()) {
                    return 0;
                }
                reader.awaitMore(interval);
                if (!redraw && !json) {
                    out.println("---");
                }
            }
        }
    }
}
