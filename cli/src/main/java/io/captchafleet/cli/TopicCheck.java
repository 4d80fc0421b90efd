package io.captchafleet.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.captchafleet.common.CaptchaFleetException;
import io.captchafleet.common.InputException;
import io.captchafleet.common.config.ExitCode;
import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.common.topics.TopicLayout;
import org.apache.kafka.clients.admin.Admin;

/** Workers do not create topics (their partition count is the operator's choice); they check they exist. */
final class TopicCheck {
    private TopicCheck() {
    }

    /** @param pingbacks whether callbacks are on: then the pingbacks topic is needed too */
    static void requireTopics(KafkaSettings kafka, TopicLayout layout, boolean pingbacks) {
        List<String> needed = new ArrayList<>(layout.coPartitionedTopics());
        needed.add(layout.fatalErrors());
        needed.add(layout.deadLetter());
        if (pingbacks) {
            needed.add(layout.pingbacks());
        }
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            needed.removeAll(existing);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaptchaFleetException("Interrupted while checking topics", ExitCode.INTERNAL, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new CaptchaFleetException("Cannot reach the Kafka cluster at " + kafka.bootstrapServers() + ": "
                    + (e.getCause() == null ? e.toString() : e.getCause().getMessage()), ExitCode.UNREACHABLE, e);
        }
        if (!needed.isEmpty()) {
            throw new InputException("Topics missing: " + String.join(", ", needed) + ". Create them first: captcha-fleet topics"
                    + " create --bootstrap-servers " + kafka.bootstrapServers() + " --topic-prefix " + layout.prefix());
        }
    }
}
