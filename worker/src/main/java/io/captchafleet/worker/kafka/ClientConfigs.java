package io.captchafleet.worker.kafka;

import java.util.HashMap;
import java.util.Map;

import io.captchafleet.worker.WorkerSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka client settings the worker's correctness depends on. They are applied on top of the
 * user's {@code --kafka-config} file, so SASL/SSL settings pass through but these always win.
 */
public final class ClientConfigs {
    /** Room for the record batch header around the largest record. */
    private static final int REQUEST_OVERHEAD = 64 * 1024;

    private ClientConfigs() {
    }

    /**
     * The loop's consumer: classic protocol with the range assignor, so partition p of every
     * co-partitioned topic goes to the same member; static membership; read_committed; manual commits
     * through the transactional producer.
     */
    public static Map<String, Object> loopConsumer(WorkerSettings s) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.GROUP_ID_CONFIG, s.layout().workerGroup());
        c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, s.instanceId());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, s.instanceId() + "-loop");
        c.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) s.sessionTimeout().toMillis());
        c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(200, s.sessionTimeout().toMillis() / 5));
        // The loop never blocks on HTTP, so it polls far more often than this; the default is ample.
        c.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300_000);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        return s.kafka().clientConfig(c);
    }

    /**
     * A group-less read_uncommitted consumer that only asks for log end offsets. A restore must read to
     * the log end as it stood at assignment, not to the last stable offset: a former owner's transaction
     * that committed just before the rebalance may not have its markers written yet, and a restore that
     * stopped short of it would miss that owner's paid in_flight records and pay for those tasks again.
     */
    public static Map<String, Object> logEndReader(WorkerSettings s) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, s.instanceId() + "-log-end");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return s.kafka().clientConfig(c);
    }

    /**
     * The group-less reader of single outcomes at known offsets (a report needs the whole outcome, which the worker
     * does not keep): read_uncommitted, since it only ever takes the committed record at an offset it was told.
     */
    public static Map<String, Object> outcomeReader(WorkerSettings s) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, s.instanceId() + "-outcomes");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        return s.kafka().clientConfig(c);
    }

    /**
     * How long a transactional call may block the loop while the cluster is away; a commit that runs out of
     * it is committed again later (the loop keeps polling meanwhile). A {@code --kafka-config} file may set
     * another {@code max.block.ms}.
     */
    static final int LOOP_MAX_BLOCK_MS = 15_000;
    /** The longest pause between two tries of a send that met a leader not serving yet. */
    static final int LOOP_RETRY_BACKOFF_MAX_MS = 250;

    /** The loop's transactional producer; a short transaction time-out so a dead worker blocks little. */
    public static Map<String, Object> loopProducer(WorkerSettings s) {
        Map<String, Object> defaults = new HashMap<>();
        defaults.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, LOOP_MAX_BLOCK_MS);
        // A partition whose leader is not serving yet (a topic's first second, a broker's restart) is asked again
        // within a quarter second instead of Kafka's back-off growing to a second: restores and commits wait on it.
        defaults.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, LOOP_RETRY_BACKOFF_MAX_MS);
        defaults.putAll(s.kafka().clientConfig());
        Map<String, Object> p = new HashMap<>(defaults);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, s.layout().workerTransactionalId(s.instanceId()));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, s.instanceId() + "-tx");
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) s.transactionTimeout().toMillis());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, s.maxMessageBytes() + REQUEST_OVERHEAD);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        return p;
    }
}
