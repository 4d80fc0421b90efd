package io.captchafleet.worker.loop.tx;

import java.time.Clock;

import io.captchafleet.common.CaptchaFleetException;
import io.captchafleet.common.config.ExitCode;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sorts what a transactional call threw into what the {@link Transactions} boundary does next. Kafka
 * wraps some causes (an error state's {@code KafkaException} around the error that caused it), so each
 * test looks at the exception and its cause. Confined to the worker loop thread.
 */
final class TransactionErrors {
    private static final Logger log = LoggerFactory.getLogger(TransactionErrors.class);

    /** What to do after a failed transactional call. */
    enum Verdict {
        /** The commit timed out: commit again, never abort (Kafka's contract). */
        PENDING,
        /** Another live worker with this instance id: stop. */
        FENCED,
        /** The group rejected the offsets: this worker's partitions have moved on. */
        MOVED_ON,
        /** The producer was replaced by a fresh one (whose {@code initTransactions} ends the old transaction). */
        REPLACED,
        /** Abort, and send it all again in the next transaction. */
        ABORTABLE
    }

    private final TransactionalProducer producers;
    private final String instanceId;
    private final Clock clock;
    private RuntimeException fencedBy;


    TransactionErrors(TransactionalProducer producers, String instanceId, Clock clock) {
        this.producers = producers;
        this.instanceId = instanceId;
        this.clock = clock;
    }

    /**
     * @param committing whether it came from {@code commitTransaction} (or from making a pending commit again)
     * @throws CaptchaFleetException when the producer can no longer write at all
     */
    Verdict sort(RuntimeException e, boolean committing) {
        if (is(e, FencedInstanceIdException.class)) {
            fencedBy = e;
            return Verdict.FENCED;
        }
        if (is(e, ProducerFencedException.class)) {
            // The coordinator also fences a producer whose transaction it aborted for running past its time-out
            // (a broker restart can do that): the first fencing in a while gets a new producer.
            if (producers.replaceAfterFencing(e.getMessage(), clock.millis())) {
                return Verdict.REPLACED;
            }
            fencedBy = e;
            return Verdict.FENCED;
        }
        if (is(e, OutOfOrderSequenceException.class) || is(e, UnsupportedVersionException.class) || is(e, AuthorizationException.class)) {
            throw new CaptchaFleetException("Worker " + instanceId + " cannot write to Kafka any more: " + e.getMessage(),
                    ExitCode.INTERNAL, e);
        }
        if (is(e, CommitFailedException.class)) {
            log.warn("Commit rejected: the group has moved on ({})", e.getMessage());
            return Verdict.MOVED_ON;
        }
        if (committing && timedOut(e)) {
            return Verdict.PENDING;
        }
        if (e instanceof IllegalStateException) {
            log.error("The transactional producer refused a call ({}): replacing it", e.getMessage());
            producers.replace("it refused a call (" + e.getMessage() + ")");
            return Verdict.REPLACED;
        }
        return Verdict.ABORTABLE;
    }

    /** Whether the call ran out of {@code max.block.ms} (or was interrupted): it may still complete. */
    boolean timedOut(RuntimeException e) {
        return is(e, TimeoutException.class) || is(e, InterruptException.class);
    }

    /** The error a worker stops with when another live worker took over its instance id. */
    CaptchaFleetException fencedError() {
        return fenced(instanceId, fencedBy);
    }

    /** The error a worker stops with when another live worker took over its instance id (seen by any client). */
    static CaptchaFleetException fenced(String instanceId, Exception cause) {
        return new CaptchaFleetException("Worker " + instanceId + " was fenced: another live worker uses instance id \""
                + instanceId + "\". Give every worker its own --instance-id.", ExitCode.USAGE, cause);
    }

    private static boolean is(Throwable e, Class<? extends Throwable> type) {
        return type.isInstance(e) || type.isInstance(e.getCause());
    }
}
