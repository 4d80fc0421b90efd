package io.captchafleet.producer.ops;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.CaptchaFleetException;
import io.captchafleet.common.InputException;
import io.captchafleet.common.config.ExitCode;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.Verdict;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.common.serde.RecordFormatException;
import io.captchafleet.common.serde.VerdictCodec;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.producer.kafka.FleetTopics;
import io.captchafleet.producer.kafka.KafkaClients;
import io.captchafleet.producer.kafka.TopicScan;
import io.captchafleet.producer.kafka.Transactions;
import io.captchafleet.producer.state.Batches;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * {@code report}: checks each verdict against the results (the task must exist and be solved, and not be
 * reported with the other verdict already), then publishes all of them to the verdicts topic in one
 * transaction, keyed by task id; the worker that owns each task's partition reports it to the provider
 * once. Verdicts for tasks already reported with the same verdict are left out (nothing to do). A list
 * with any problem publishes nothing. Runs on the calling thread.
 */
public final class ReportVerdicts {
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(5);
    private static final int MAX_PROBLEMS = 50;

    private final KafkaClients clients;
    private final TopicLayout layout;

    public ReportVerdicts(KafkaClients clients, TopicLayout layout) {
        this.clients = clients;
        this.layout = layout;
    }

    /**
     * @param published       verdicts written to the verdicts topic
     * @param alreadyReported verdicts left out: the task was reported with that verdict before
     */
    public record Result(String batch, long published, Map<String, Long> byVerdict, long alreadyReported) {

        /** {@code report --json}: {@code batch}, {@code published}, {@code by_verdict}, {@code already_reported}. */
        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("batch", batch);
            o.put("published", published);
            ObjectNode by = o.putObject("by_verdict");
            byVerdict.forEach(by::put);
            o.put("already_reported", alreadyReported);
            return o;
        }

        public String describe() {
            String counts = byVerdict.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                    .collect(java.util.stream.Collectors.joining(", "));
            String text = published == 0 ? "Nothing to report for batch " + batch + "."
                    : "Published " + published + (published == 1 ? " verdict" : " verdicts") + " for batch " + batch + " (" + counts
                    + "): the worker that owns each task reports it to the provider once; the results show what it answered.";
            return alreadyReported == 0 ? text : text + " " + alreadyReported + " were reported before with the same verdict.";
        }
    }

    /**
     * @throws InputException (exit code 2) when the batch is unknown or any verdict is for an unknown, unsolved, or
     *                        otherwise reported task: every such task is named, and nothing is published
     */
    public Result report(String batch, List<Verdict> verdicts) {
        try (Admin admin = clients.admin()) {
            FleetTopics.require(admin, layout);
        }
        Batches.read(clients, layout).require(batch);
        Map<String, Outcome> outcomes = outcomesOf(verdicts);
        List<Verdict> toPublish = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        long already = 0;
        for (Verdict v : verdicts) {
            Outcome o = outcomes.get(v.taskId());
            String problem = problem(v, o);
            if (problem != null) {
                if (problems.size() < MAX_PROBLEMS) {
                    problems.add(v.taskId() + ": " + problem);
                }
                continue;
            }
            if (v.verdict().wire().equals(o.report())) {
                already++;
            } else {
                toPublish.add(new Verdict(v.taskId(), v.verdict(), v.by(), Instant.now()));
            }
        }
        if (!problems.isEmpty()) {
            long more = verdicts.stream().filter(v -> problem(v, outcomes.get(v.taskId())) != null).count() - problems.size();
            throw new InputException(String.join("\n", problems) + (more > 0 ? "\n… and " + more + " more" : "")
                    + "\nOnly solved tasks can be reported; nothing was reported.");
        }
        publish(batch, toPublish);
        Map<String, Long> byVerdict = new TreeMap<>();
        toPublish.forEach(v -> byVerdict.merge(v.verdict().wire(), 1L, Long::sum));
        return new Result(batch, toPublish.size(), byVerdict, already);
    }

    /**
     * How many verdicts on the batch's tasks wait to be reported: on the verdicts topic, for a solved task whose
     * outcome records no finished report. ({@code local} waits for them before it exits.)
     */
    public long pending(String batch) {
        List<Verdict> verdicts = new ArrayList<>();
        String prefix = batch + "/";
        try (Consumer<byte[], byte[]> reader = clients.reader()) {
            TopicScan.fromBeginning(reader, List.of(layout.verdicts())).toEnd(r -> {
                String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                if (!key.startsWith(prefix) || r.value() == null) {
                    return;
                }
                try {
                    verdicts.add(VerdictCodec.read(r.value()));
                } catch (RecordFormatException e) {
                    // The workers dead-letter it; nothing to wait for.
                }
            });
        }
        if (verdicts.isEmpty()) {
            return 0;
        }
        Map<String, Outcome> outcomes = outcomesOf(verdicts);
        return outcomes.values().stream().filter(o -> o != null && o.status() == OutcomeStatus.SOLVED
                && (o.report() == null || "sending".equals(o.reportResult()))).count();
    }

    private static String problem(Verdict v, Outcome o) {
        if (o == null) {
            return "unknown task (its batch has no outcome for it)";
        }
        if (o.status() != OutcomeStatus.SOLVED) {
            return "not solved (" + o.status().wire() + (o.error() == null ? "" : ", " + o.error()) + ")";
        }
        if (o.report() != null && !o.report().equals(v.verdict().wire())) {
            return "already reported " + o.report() + "; an answer is reported once";
        }
        return null;
    }

    /** The latest outcome of each task asked about, read from the results topic. */
    private Map<String, Outcome> outcomesOf(List<Verdict> verdicts) {
        Map<String, Outcome> wanted = new HashMap<>();
        verdicts.forEach(v -> wanted.put(v.taskId(), null));
        try (Consumer<byte[], byte[]> reader = clients.reader()) {
            TopicScan.fromBeginning(reader, List.of(layout.results())).toEnd(r -> {
                String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
                if (key == null || !wanted.containsKey(key)) {
                    return;
                }
                if (r.value() == null) {
                    wanted.put(key, null);
                    return;
                }
                try {
                    wanted.put(key, OutcomeCodec.read(r.value()));
                } catch (RecordFormatException e) {
                    wanted.put(key, null);
                }
            });
        }
        return wanted;
    }

    private void publish(String batch, List<Verdict> verdicts) {
        if (verdicts.isEmpty()) {
            return;
        }
        try (Producer<byte[], byte[]> producer = clients.transactionalProducer(layout.prefix() + "-report-" + batch, TRANSACTION_TIMEOUT)) {
            producer.initTransactions();
            try {
                producer.beginTransaction();
                for (Verdict v : verdicts) {
                    producer.send(new ProducerRecord<>(layout.verdicts(), v.taskId().getBytes(StandardCharsets.UTF_8), VerdictCodec.write(v)));
                }
                producer.commitTransaction();
            } catch (KafkaException e) {
                Transactions.abortQuietly(producer);
                throw new CaptchaFleetException("Publishing the verdicts of batch " + batch + " failed; nothing was published: "
                        + e.getMessage(), ExitCode.INTERNAL, e);
            }
        }
    }
}
