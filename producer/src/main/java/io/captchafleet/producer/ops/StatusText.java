package io.captchafleet.producer.ops;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.captchafleet.common.Timestamps;
import io.captchafleet.producer.state.WorkerGroup;

/** {@code status} for people: a few lines per batch, optionally with a bar. Stateless. */
public final class StatusText {
    private static final int BAR = 30;

    private StatusText() {
    }

    public static String render(StatusReport r, boolean bars) {
        StringBuilder sb = new StringBuilder();
        sb.append("Fleet: ").append(r.fleet().describe()).append('\n');
        WorkerGroup w = r.workers();
        sb.append("Workers: ");
        if (w.members().isEmpty()) {
            sb.append("none live");
        } else {
            sb.append(w.members().size()).append(" live (")
                    .append(w.members().stream().map(m -> m.instanceId() + " [" + m.clientId() + ", " + m.partitions() + " partitions]")
                            .collect(Collectors.joining(", ")))
                    .append(')');
        }
        sb.append("; lag ").append(w.totalLag());
        if (w.totalLag() > 0) {
            sb.append(" (").append(w.lag().entrySet().stream().filter(e -> e.getValue() > 0)
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))).append(')');
        }
        sb.append('\n');
        if (r.batches().isEmpty() && r.purged().isEmpty()) {
            sb.append("No batches submitted yet.\n");
        }
        for (BatchStatus b : r.batches()) {
            sb.append('\n').append(batch(b, bars));
        }
        for (StatusReport.Purged p : r.purged()) {
            sb.append('\n').append("Batch ").append(p.batch()).append(": purged at ").append(Timestamps.format(p.at()))
                    .append(" (its outcomes and manifest were deleted)\n");
        }
        return sb.toString();
    }

    static String batch(BatchStatus b, boolean bars) {
        StringBuilder sb = new StringBuilder();
        sb.append("Batch ").append(b.manifest().batch()).append(" (generation ").append(b.manifest().generation())
                .append(", from ").append(b.manifest().source()).append(", submitted ").append(Timestamps.format(b.manifest().createdAt())).append(")\n");
        if (b.cancelled()) {
            sb.append("  cancelled since ").append(Timestamps.format(b.control().cancelledAt()))
                    .append(b.control().cancelledBecause() == null ? "" : ": " + b.control().cancelledBecause())
                    .append(" (no new submits; 'captcha-fleet retry-failed --batch ").append(b.manifest().batch())
                    .append(" --error CANCELLED' brings it back)\n");
        }
        if (bars) {
            long total = Math.max(1, b.manifest().total());
            int filled = (int) ((b.solved() + b.failed()) * BAR / total);
            sb.append("  [").append("#".repeat(filled)).append("-".repeat(BAR - filled)).append("] ")
                    .append((b.solved() + b.failed()) * 100 / total).append("%\n");
        }
        sb.append("  total ").append(b.manifest().total())
                .append(", solved ").append(b.solved())
                .append(", failed ").append(b.failed()).append(failures(b.failedByError()))
                .append(", in flight ").append(b.inFlight())
                .append(", retrying ").append(b.retrying())
                .append(", pending ").append(b.pending()).append('\n');
        sb.append("  paid submits ").append(b.paidSubmits())
                .append(", rate ").append(String.format(Locale.ROOT, "%.1f", b.ratePerSecond())).append("/s")
                .append(", ETA ").append(b.finished() ? "done" : b.eta().map(StatusText::duration).orElse("unknown")).append('\n');
        sb.append("  ").append(money(b)).append('\n');
        return sb.toString();
    }

    /** {@code spent 0.0299 (0.00299 per solved task), capped at 2.00; balance 12.34 at 2026-...}. */
    static String money(BatchStatus b) {
        StringBuilder sb = new StringBuilder("spent ").append(b.spent().toPlainString());
        b.costPerSolved().ifPresent(c -> sb.append(" (").append(c.toPlainString()).append(" per solved task)"));
        if (b.uncosted() > 0) {
            sb.append(", ").append(b.uncosted()).append(" paid submits not costed yet");
        }
        sb.append(b.maxSpend().map(cap -> ", capped at " + cap.toPlainString()).orElse(", no spend cap"));
        b.balance().ifPresent(balance -> sb.append("; balance ").append(balance.describe()));
        return sb.toString();
    }

    private static String failures(Map<String, Long> byError) {
        if (byError.isEmpty()) {
            return "";
        }
        return byError.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ", " (", ")"));
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s / 60) + " min";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
