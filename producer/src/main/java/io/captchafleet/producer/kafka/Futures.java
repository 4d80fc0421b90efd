package io.captchafleet.producer.kafka;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.captchafleet.common.CaptchaFleetException;
import io.captchafleet.common.config.ExitCode;
import org.apache.kafka.common.KafkaFuture;

/** Waits for an Admin client's answer for a bounded time and turns its failures into our exceptions. */
public final class Futures {
    private static final long TIMEOUT_S = 60;

    private Futures() {
    }

    public static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaptchaFleetException("Interrupted while talking to Kafka", ExitCode.INTERNAL, e);
        } catch (ExecutionException e) {
            throw new CaptchaFleetException("Kafka refused a request: " + e.getCause().getMessage(), ExitCode.INTERNAL, e.getCause());
        } catch (TimeoutException e) {
            throw new CaptchaFleetException("Kafka did not answer within " + TIMEOUT_S + " s; is the cluster reachable?",
                    ExitCode.INTERNAL, e);
        }
    }
}
