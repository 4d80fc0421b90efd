package io.captchafleet.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.serde.Json;
import io.captchafleet.producer.state.BatchTally;
import io.captchafleet.producer.submit.SubmitResult;
import io.captchafleet.sandbox.simulator.SimulatorStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The closing lines of a {@code local} run. The batch's figures (tasks, solved, failed, paid submits)
 * are for the whole batch, every run on the state directory included, as the results topic holds
 * them; the run's figures (tasks solved, paid submits, API requests, wall time) count this process
 * only; the simulator's, when it solved, count every submit it billed on the state directory.
 *
 * @param simulator the simulator's counters when it solved the batch, else empty
 */
record LocalSummary(String batch, long total, long solved, long failed, Map<String, Long> failedByError, long paidSubmits,
                    Run run, Optional<SimulatorStats> simulator) {

    /** What this process did. */
    record Run(double solved, double paidSubmits, double ambiguousSubmits, double apiRequests, Duration wall) {
    }

    static LocalSummary of(SubmitResult submitted, BatchTally tally, MeterRegistry registry, Duration wall,
                           Optional<SimulatorStats> simulator) {
        Run run = new Run(
                registry.find("captcha_fleet.tasks_finished").tag("status", "solved").counters().stream()
                        .mapToDouble(Counter::count).sum(),
                sum(registry, "captcha.fleet.paid.submits"),
                sum(registry, "captcha.fleet.ambiguous.submits"),
                sum(registry, "captcha.fleet.api.requests"),
                wall);
        return new LocalSummary(submitted.batch(), submitted.total(), tally.count(OutcomeStatus.SOLVED),
                tally.count(OutcomeStatus.FAILED), tally.failedByError(), tally.paidSubmits(), run, simulator);
    }

    private static double sum(MeterRegistry registry, String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    long notFinished() {
        return total - solved - failed;
    }

    String describe(Path out, long written, Optional<Path> log) {
        StringBuilder sb = new StringBuilder();
        sb.append("Batch ").append(batch).append(": ").append(total).append(" tasks, ").append(solved).append(" solved, ")
                .append(failed).append(" failed");
        if (!failedByError.isEmpty()) {
            sb.append(" (").append(failedByError.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", "))).append(')');
        }
        if (notFinished() > 0) {
            sb.append(", ").append(notFinished()).append(" not finished");
        }
        sb.append("; ").append(paidSubmits).append(" paid submits in all runs.\n");
        sb.append("This run: ").append((long) run.solved()).append(" solved, ").append((long) run.paidSubmits())
                .append(" paid submits, ").append((long) run.apiRequests()).append(" API requests");
        if (run.solved() > 0) {
            sb.append(String.format(Locale.ROOT, " (%.2f per task solved)", run.apiRequests() / run.solved()));
        }
        sb.append(String.format(Locale.ROOT, ", %.1f s.%n", run.wall().toMillis() / 1000.0));
        simulator.ifPresent(s -> sb.append("Simulator: ").append(s.acceptedSubmits()).append(" submits billed on this state"
                + " directory in all runs; ").append(s.tasksBilledAgainAfterSuccess())
                .append(" tasks paid again while a token was given or due.\n"));
        sb.append("Results: ").append(out).append(" (").append(written).append(" outcomes).");
        log.ifPresent(file -> sb.append("\nLog: ").append(file));
        return sb.toString();
    }

    /**
     * {@code local --json}: the batch's {@code batch}, {@code total}, {@code solved}, {@code failed},
     * {@code failed_by_error}, {@code not_finished} and {@code paid_submits} (all runs); {@code this_run} with
     * {@code solved}, {@code paid_submits}, {@code ambiguous_submits} (submits whose reply
     * never came: they may have been billed), {@code api_requests}, {@code wall_seconds}; {@code simulator} with
     * {@code billed_submits}, {@code tasks_billed_more_than_once} (retries of unsolvable tasks included) and
     * {@code tasks_billed_again_after_success} (paid again while a token was given or due: the double payments) (all
     * runs; null with a real solver);
     * {@code results_file}, {@code outcomes_written} and {@code log_file} (null when there is none).
     */
    ObjectNode toJson(Path out, long written, Optional<Path> log) {
        ObjectNode o = Json.object();
        o.put("batch", batch);
        o.put("total", total);
        o.put("solved", solved);
        o.put("failed", failed);
        ObjectNode byError = o.putObject("failed_by_error");
        failedByError.forEach(byError::put);
        o.put("not_finished", notFinished());
        o.put("paid_submits", paidSubmits);
        ObjectNode thisRun = o.putObject("this_run");
        thisRun.put("solved", (long) run.solved());
        thisRun.put("paid_submits", (long) run.paidSubmits());
        thisRun.put("ambiguous_submits", (long) run.ambiguousSubmits());
        thisRun.put("api_requests", (long) run.apiRequests());
        thisRun.put("wall_seconds", run.wall().toMillis() / 1000.0);
        if (simulator.isPresent()) {
            o.putObject("simulator").put("billed_submits", simulator.get().acceptedSubmits())
                    .put("tasks_billed_more_than_once", simulator.get().tasksBilledMoreThanOnce())
                    .put("tasks_billed_again_after_success", simulator.get().tasksBilledAgainAfterSuccess());
        } else {
            o.putNull("simulator");
        }
        o.put("results_file", out.toString());
        o.put("outcomes_written", written);
        o.put("log_file", log.map(Path::toString).orElse(null));
        return o;
    }
}
