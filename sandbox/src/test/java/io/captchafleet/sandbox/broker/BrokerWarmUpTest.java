package io.captchafleet.sandbox.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The warm-up before a broker start only loads and builds: it creates no folder and leaves nothing listening. */
class BrokerWarmUpTest {

    @Test
    void warmingUpCreatesNoFolderAndStartsNoBrokerThread() throws InterruptedException {
        Thread warmUp = BrokerWarmUp.begin();
        warmUp.join();

        assertThat(Files.exists(Path.of(BrokerWarmUp.WARM_UP_FOLDER))).as("the placeholder folder").isFalse();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(name -> name.contains("data-plane") || name.contains("raft-io"));
    }
}
