package io.captchafleet.worker.it;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.captchafleet.worker.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Real Kafka clients that can die the way a killed process's do, through the worker's {@link KafkaClients}
 * seam: after {@link #crash()}, every call throws, nothing more is sent or committed, and closing them
 * neither leaves the group nor ends a transaction (the broker finds out by the session and transaction
 * time-outs, as after a SIGKILL).
 */
final class CrashableClients implements KafkaClients {
    private final KafkaClients real = KafkaClients.real();
    private final List<Consumer<byte[], byte[]>> consumers = new CopyOnWriteArrayList<>();
    private volatile boolean crashed;

    /** What every call of a crashed client throws. */
    static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SimulatedCrash() {
            super("the process was killed (simulated)");
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
        Consumer<byte[], byte[]> c = real.consumer(config);
        consumers.add(c);
        return (Consumer<byte[], byte[]>) proxy(Consumer.class, c, () -> c.close(CloseOptions.timeout(Duration.ZERO)));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Producer<byte[], byte[]> producer(Map<String, Object> config) {
        Producer<byte[], byte[]> p = real.producer(config);
        return (Producer<byte[], byte[]>) proxy(Producer.class, p, () -> p.close(Duration.ZERO));
    }

    /** Kills every client made here: consumers blocked in a poll wake up to the crash. */
    void crash() {
        crashed = true;
        consumers.forEach(Consumer::wakeup);
    }

    private Object proxy(Class<?> type, Object target, Runnable closeAsKilled) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (crashed) {
                if (method.getName().equals("close")) {
                    closeAsKilled.run();
                    return null;
                }
                if (!method.getName().equals("wakeup")) {
                    throw new SimulatedCrash();
                }
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
