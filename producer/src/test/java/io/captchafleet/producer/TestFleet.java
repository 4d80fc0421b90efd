package io.captchafleet.producer;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.model.FleetEventType;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.redact.Redactor;
import io.captchafleet.common.serde.FleetEventCodec;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.producer.input.TaskFile;
import io.captchafleet.producer.kafka.KafkaClients;
import io.captchafleet.producer.progress.Progress;
import io.captchafleet.producer.submit.SubmitOptions;
import io.captchafleet.producer.submit.Submitter;
import io.captchafleet.sandbox.junit.TestKafka;

/**
 * A fleet's topics under a fresh prefix on the test cluster, with helpers that put states on them the
 * way workers would: submitted batches, outcomes, fleet events.
 */
public final class TestFleet {
    public final String bootstrap;
    public final TopicLayout layout;
    public final KafkaClients clients;

    public TestFleet(TestKafka kafka) {
        this.bootstrap = kafka.bootstrapServers();
        this.layout = TopicLayout.withDefaults(kafka.newTopicPrefix());
        this.clients = KafkaClients.of(KafkaSettings.of(bootstrap));
        TopicRecords.create(bootstrap, layout, 2);
    }

    /** The task object of task {@code i}: a reCAPTCHA with proxy credentials that must never leak. */
    public static ObjectNode taskData(int i) {
        ObjectNode o = Json.object();
        o.put("method", "userrecaptcha");
        o.put("sitekey", "site-key");
        o.put("pageurl", "https://example.com/page" + i);
        o.put("proxy", "alice:s3cret@10.0.0." + (i % 250) + ":3128");
        return o;
    }

    /** Submits tasks 1..n (ids "1".."n") as {@code batch}. */
    public void submit(String batch, int n) {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            lines.append(Json.write(taskData(i))).append('\n');
        }
        try (TaskFile file = TaskFile.open("-", new ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8)))) {
            new Submitter(clients, layout).submit(file, SubmitOptions.builder().batch(batch).build(), Progress.none());
        }
    }

    /** The task record submit published for task {@code i} of {@code batch}. */
    public static TaskRecord task(String batch, int i) {
        return TaskRecord.first(batch, Integer.toString(i), i - 1, taskData(i));
    }

    public static Outcome outcome(String batch, int i, OutcomeStatus status, String error) {
        Outcome.Builder b = Outcome.forTask(task(batch, i), status).taskData(Redactor.redact(taskData(i))).worker("w-1").paidSubmits(1);
        if (status == OutcomeStatus.SOLVED) {
            b.token("token-" + i).solveTime(12.5).solvedAt(Instant.parse("2026-11-29T20:00:00Z"));
        }
        if (error != null) {
            b.error(error, "task");
        }
        return b.build();
    }

    /** Writes outcomes to the results topic as a worker would (outside a transaction here). */
    public void write(Outcome... outcomes) {
        List<String[]> records = new ArrayList<>();
        for (Outcome o : outcomes) {
            records.add(new String[] {o.taskId(), new String(OutcomeCodec.write(o), StandardCharsets.UTF_8)});
        }
        TopicRecords.write(bootstrap, layout.results(), records);
    }

    public void event(FleetEventType type, String code, String taskId, String message) {
        FleetEvent e = new FleetEvent(type, code, message, taskId, "w-1", Instant.parse("2026-11-29T20:10:00Z"), -1L, null, null);
        TopicRecords.write(bootstrap, layout.fatalErrors(), List.<String[]>of(new String[] {"fleet",
            new String(FleetEventCodec.write(e), StandardCharsets.UTF_8)}));
    }
}
