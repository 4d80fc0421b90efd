package io.captchafleet.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.captchafleet.common.InputException;
import io.captchafleet.common.model.Verdict;
import io.captchafleet.producer.ops.ReportVerdicts;
import io.captchafleet.producer.ops.VerdictInput;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code captcha-fleet report --batch ID --verdict bad|good --task ID...}: report answers to the provider (refunds). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Report solved answers as bad (the provider refunds them) or good. The verdicts go to the verdicts topic;"
                + " the worker that owns each task reports it to the provider once, and records what the provider answered in"
                + " the task's outcome. Unknown or unsolved tasks are refused (exit code 2) and nothing is reported.")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--batch", paramLabel = "ID", required = true, description = "The batch of the tasks.")
    String batch;

    @Option(names = "--verdict", paramLabel = "bad|good",
            description = "The verdict for every --task; with --from, for lines that give none.")
    String verdict;

    @ArgGroup(multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--task", paramLabel = "ID", arity = "1..*",
                description = "Task ids: the id within the batch (t001) or the whole task id (tasks/t001).")
        List<String> tasks;

        @Option(names = "--from", paramLabel = "FILE|-",
                description = "JSON Lines of {\"task_id\":\"...\",\"verdict\":\"bad\"}; - reads stdin.")
        String from;
    }

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        Optional<Verdict.Kind> kind = Optional.ofNullable(verdict).map(v -> Verdict.Kind.fromWire(v.strip()).orElseThrow(
                () -> new InputException("Invalid value " + v + " for --verdict: must be bad or good")));
        List<Verdict> verdicts;
        String by = Operator.id();
        if (which.tasks != null) {
            verdicts = VerdictInput.ofTasks(batch, kind.orElseThrow(() -> new InputException(
                    "Missing --verdict: say whether the answers of --task are bad or good")), which.tasks, by);
        } else {
            verdicts = read(which.from, kind, by);
        }
        try (KafkaConnection connection = kafka.connect()) {
            ReportVerdicts.Result r = new ReportVerdicts(connection.clients(), kafka.layout()).report(batch, verdicts);
            json.print(spec.commandLine().getOut(), r::toJson, r::describe);
        }
        return 0;
    }

    private List<Verdict> read(String from, Optional<Verdict.Kind> kind, String by) {
        if ("-".equals(from)) {
            return VerdictInput.ofLines(batch, kind, "stdin", new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), by);
        }
        try (BufferedReader in = Files.newBufferedReader(Path.of(from), StandardCharsets.UTF_8)) {
            return VerdictInput.ofLines(batch, kind, from, in, by);
        } catch (NoSuchFileException e) {
            throw new InputException("Invalid value " + from + " for --from: no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + from, e);
        }
    }
}
