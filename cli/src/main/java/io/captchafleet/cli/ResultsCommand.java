package io.captchafleet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.captchafleet.producer.export.ExportSummary;
import io.captchafleet.producer.export.ResultsExporter;
import io.captchafleet.producer.export.ResultsOptions;
import io.captchafleet.producer.export.ResultsWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code captcha-fleet results}: export the latest outcome of every task of a batch. */
@Command(name = "results", mixinStandardHelpOptions = true,
        description = "Export the latest outcome of every task of a batch from the compacted results topic (committed"
                + " outcomes only; secrets redacted): finished ones unless --all. --follow streams new outcomes as they"
                + " commit, for piping into downstream systems.")
final class ResultsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--batch", paramLabel = "ID", required = true, description = "The batch to export.")
    String batch;

    @Option(names = "--status", paramLabel = "solved|failed", description = "Only solved, or only failed tasks.")
    String status;

    @Option(names = "--all", description = "In-flight and retrying tasks too.")
    boolean all;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl",
            description = "jsonl (one outcome record per line), csv, or checkpoint (the seed script's file) (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--follow", description = "Keep streaming new outcomes as they commit, until Ctrl-C.")
    boolean follow;

    @Option(names = "--until-complete", description = "Like --follow, but stop once every task of the batch is finished.")
    boolean untilComplete;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of stdout (replaced only when the export"
            + " is complete, unless following).")
    Path outFile;

    @Override
    public Integer call() throws IOException, InterruptedException {
        ResultsOptions options = ResultsOptions.builder(batch).status(status).all(all).format(format)
                .follow(follow).untilComplete(untilComplete).build();
        PrintWriter err = spec.commandLine().getErr();
        try (KafkaConnection connection = kafka.connect()) {
            ResultsExporter exporter = new ResultsExporter(connection.clients(), kafka.layout());
            ExportSummary summary = outFile == null
                    ? exportTo(exporter, options, spec.commandLine().getOut())
                    : exportToFile(exporter, options, outFile);
            Notice.print(err, summary.describe() + (outFile == null ? "" : " Written to " + outFile + "."));
        }
        return 0;
    }

    /** Writes to a temporary file beside FILE and moves it into place, so FILE is never half written. */
    static ExportSummary exportToFile(ResultsExporter exporter, ResultsOptions options, Path file)
            throws IOException, InterruptedException {
        Path target = file.toAbsolutePath();
        Path partial = options.follow() ? target : target.resolveSibling(target.getFileName() + ".partial");
        ExportSummary summary;
        try (Writer w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            summary = exportTo(exporter, options, w);
        }
        if (!partial.equals(target)) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return summary;
    }

    /** Ctrl-C ends a follow cleanly: the hook stops the export and waits until its output is flushed. */
    private static ExportSummary exportTo(ResultsExporter exporter, ResultsOptions options, Writer out)
            throws IOException, InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            exporter.stop();
            try {
                done.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "results-stop");
        if (options.follow()) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            return exporter.export(options, ResultsWriter.of(options.format(), out));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            done.countDown();
            if (options.follow()) {
                Foreground.removeHook(hook);
            }
        }
    }
}
