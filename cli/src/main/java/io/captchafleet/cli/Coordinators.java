package io.captchafleet.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.captchafleet.common.topics.TopicLayout;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a fresh broker's group and transaction coordinators ready while {@code local} creates its topics. A broker
 * creates its internal topics ({@code __consumer_offsets}, {@code __transaction_state}) only when a client first asks
 * for a coordinator, and the client backs off while they are created and loaded: asked by the workers' join and the
 * submit's first transaction, one after the other, that took seconds of {@code local}'s start. Asked here, at once,
 * they are ready when the workers and the submit come. Nothing depends on the answers: a failure is only logged.
 * Used from the command's thread; the admin client answers on its own.
 */
final class Coordinators {
    private static final Logger log = LoggerFactory.getLogger(Coordinators.class);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final KafkaFuture<?> group;
    private final KafkaFuture<?> transactions;

    private Coordinators(KafkaFuture<?> group, KafkaFuture<?> transactions) {
        this.group = group;
        this.transactions = transactions;
    }

    /** Asks for the workers' group coordinator and a transaction coordinator; returns at once. */
    static Coordinators warm(Admin admin, TopicLayout layout) {
        return new Coordinators(admin.describeConsumerGroups(List.of(layout.workerGroup())).all(),
                admin.describeTransactions(List.of(layout.prefix() + "-coordinator-check")).all());
    }

    /** Waits (bounded) until both coordinators answered; an unknown transactional id is an answer too. */
    void await() {
        for (KafkaFuture<?> f : List.of(group, transactions)) {
            try {
                f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                log.debug("Coordinator not ready yet: {}", e.toString());
            }
        }
    }
}
