package io.captchafleet.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.producer.state.BatchTally;
import io.captchafleet.producer.submit.SubmitResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The closing lines of a {@code local} run: what was solved, what failed and why, what it cost. */
record LocalSummary(String batch, long total, long solved, long failed, Map<String, Long> failedByError, long paidSubmits,
                    double apiRequests, double solvedThisRun, Duration wall) {

    static LocalSummary of(SubmitResult submitted, BatchTally tally, MeterRegistry registry, Duration wall) {
        return new LocalSummary(submitted.batch(), submitted.total(), tally.count(OutcomeStatus.SOLVED),
                tally.count(OutcomeStatus.FAILED), tally.failedByError(), tally.paidSubmits(),
                sum(registry, "captcha.fleet.api.requests"),
                registry.find("captcha_fleet.tasks_finished").tag("status", "solved").counters().stream()
                        .mapToDouble(Counter::count).sum(),
                wall);
    }

    private static double sum(MeterRegistry registry, String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    String describe(Path out, long written, Optional<Path> log) {
        StringBuilder sb = new StringBuilder();
        sb.append("Batch ").append(batch).append(": ").append(total).append(" tasks, ").append(solved).append(" solved, ")
                .append(failed).append(" failed");
        if (!failedByError.isEmpty()) {
            sb.append(" (").append(failedByError.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", "))).append(')');
        }
        long pending = total - solved - failed;
        if (pending > 0) {
            sb.append(", ").append(pending).append(" not finished");
        }
        sb.append(".\n");
        sb.append("Paid submits: ").append(paidSubmits).append(". API requests this run: ").append((long) apiRequests);
        if (solvedThisRun > 0) {
            sb.append(String.format(" (%.2f per task solved this run)", apiRequests / solvedThisRun));
        }
        sb.append(String.format(". Wall time: %.1f s.%n", wall.toMillis() / 1000.0));
        sb.append("Results: ").append(out).append(" (").append(written).append(" outcomes).");
        log.ifPresent(file -> sb.append("\nLog: ").append(file));
        return sb.toString();
    }
}
