package io.captchafleet.sandbox.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint written before a restart names every partition of the log directory with a high
 * watermark Kafka bounds by the partition's log end, and nothing else. The restart itself is covered by
 * {@code EmbeddedKafkaBrokerTest} and, after a real SIGKILL, by the chaos suite's broker-kill test.
 */
class HighWatermarkCheckpointTest {

    @Test
    void everyPartitionDirectoryStartsAtItsLogEndAndNothingElseIsListed(@TempDir Path logDir) throws Exception {
        for (String dir : new String[] {"captcha.results-0", "captcha.retry.5s-11", "__consumer_offsets-3", "__transaction_state-0",
            "__cluster_metadata-0", "gone-0.5f2a9c-delete", "moving-1.77ab-future"}) {
            Files.createDirectories(logDir.resolve(dir));
        }
        Files.writeString(logDir.resolve("meta.properties"), "version=1\n");
        Files.writeString(logDir.resolve(HighWatermarkCheckpoint.FILE), "0\n1\ncaptcha.results 0 17\n");

        HighWatermarkCheckpoint.trustWholeLog(logDir);

        assertThat(Files.readAllLines(logDir.resolve(HighWatermarkCheckpoint.FILE))).containsExactly(
                "0",
                "4",
                "__consumer_offsets 3 " + Long.MAX_VALUE,
                "__transaction_state 0 " + Long.MAX_VALUE,
                "captcha.results 0 " + Long.MAX_VALUE,
                "captcha.retry.5s 11 " + Long.MAX_VALUE);
    }
}
