package io.captchafleet.cli.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import io.captchafleet.cli.fleet.ChildProcess;
import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.producer.kafka.KafkaClients;
import io.captchafleet.sandbox.broker.EmbeddedKafkaBroker;
import io.captchafleet.sandbox.simulator.SolverSimulator;
import org.awaitility.Awaitility;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The moments at which the kill-and-rerun test SIGKILLs a {@code local} run: while it starts (broker,
 * topics, submit, workers joining: before its first commit), just after it paid for submits (while the
 * ledger commits their {@code in_flight} records), just after the solver answered (while the outcomes are
 * committed) and right after a transaction became visible on the results topic. Each waits for its moment
 * and fails at once, with the run's log, when the run ends by itself first.
 */
enum KillPoint {
    /** A random moment of the first four seconds. */
    STARTING {
        @Override
        void await(Run run) throws InterruptedException {
            Duration moment = Duration.ofMillis(300 + run.random.nextInt(3_700));
            Optional<Integer> ended = run.local.waitFor(moment);
            if (ended.isPresent()) {
                throw run.endedFirst(ended.get());
            }
        }
    },
    /** One to thirty submits after the run's first paid submit. */
    PAID {
        @Override
        void await(Run run) {
            long target = run.simulator.stats().acceptedSubmits() + 1 + run.random.nextInt(30);
            run.until("paid submits reach " + target, () -> run.simulator.stats().acceptedSubmits() >= target);
        }
    },
    /** One to twenty tokens after the run's first delivered token. */
    SOLVED {
        @Override
        void await(Run run) {
            long target = run.simulator.stats().solved() + 1 + run.random.nextInt(20);
            run.until("solved tasks reach " + target, () -> run.simulator.stats().solved() >= target);
        }
    },
    /** As soon as one to ten new records are committed to the results topic. */
    COMMITTED {
        @Override
        void await(Run run) {
            run.until("the run's broker is up", () -> EmbeddedKafkaBroker.runningAt(run.stateDir).isPresent());
            String address = EmbeddedKafkaBroker.runningAt(run.stateDir).orElseThrow();
            int wanted = 1 + run.random.nextInt(10);
            try (Consumer<byte[], byte[]> results = KafkaClients.of(KafkaSettings.of(address)).reader()) {
                List<TopicPartition> partitions = IntStream.range(0, run.partitions)
                        .mapToObj(p -> new TopicPartition(run.resultsTopic, p)).toList();
                results.assign(partitions);
                results.seekToEnd(partitions);
                partitions.forEach(results::position);
                int[] seen = {0};
                run.until(wanted + " new committed results", () -> {
                    seen[0] += results.poll(Duration.ofMillis(50)).count();
                    return seen[0] >= wanted;
                });
            }
        }
    };

    /** Waits for this moment in {@code run}. */
    abstract void await(Run run) throws InterruptedException;

    /** One {@code local} run to be killed, and what the moments are judged by. */
    record Run(ChildProcess local, SolverSimulator simulator, Path stateDir, String resultsTopic, int partitions, Random random) {
        void until(String what, Callable<Boolean> condition) {
            Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20)).alias(local.name() + ": " + what)
                    .failFast(() -> {
                        if (!local.isAlive()) {
                            throw endedFirst(local.exitCode());
                        }
                    })
                    .until(condition);
        }

        AssertionError endedFirst(int code) {
            return new AssertionError(local.name() + " ended by itself with exit code " + code + " before it was killed; log: "
                    + local.log());
        }
    }
}
