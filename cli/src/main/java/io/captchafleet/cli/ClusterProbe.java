package io.captchafleet.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.captchafleet.common.CaptchaFleetException;
import io.captchafleet.common.InputException;
import io.captchafleet.common.config.ExitCode;
import io.captchafleet.common.config.KafkaSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Before a command talks to an external cluster: is a broker there, within {@code --connect-timeout}?
 * First a plain TCP connection to the bootstrap servers, retried until one accepts (the Kafka clients
 * would instead log a warning per attempt and wait a minute or more), then one metadata request, which
 * also proves the broker's advertised address works from here. An unreachable cluster ends the command
 * with {@link ExitCode#UNREACHABLE}. Runs on the calling thread.
 */
final class ClusterProbe {
    private static final Duration RETRY_AFTER = Duration.ofMillis(250);

    private ClusterProbe() {
    }

    /**
     * @throws CaptchaFleetException with {@link ExitCode#UNREACHABLE} when no broker answers in time
     * @throws InputException when a broker answers but refuses the client (authentication, TLS)
     */
    static void requireReachable(KafkaSettings kafka, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<InetSocketAddress> servers = addresses(kafka.bootstrapServers());
        while (!anyAccepts(servers, deadline)) {
            if (remaining(deadline).compareTo(RETRY_AFTER) <= 0) {
                throw unreachable(kafka, timeout, "no broker accepts connections there");
            }
            pause();
        }
        askForMetadata(kafka, timeout, deadline);
    }

    private static boolean anyAccepts(List<InetSocketAddress> servers, long deadline) {
        for (InetSocketAddress server : servers) {
            long wait = Math.max(1, Math.min(remaining(deadline).toMillis(), 1_000));
            try (Socket socket = new Socket()) {
                socket.connect(server.isUnresolved() ? new InetSocketAddress(server.getHostString(), server.getPort()) : server,
                        (int) wait);
                return true;
            } catch (IOException e) {
                // Refused, unresolvable or timed out: try the next one.
            }
        }
        return false;
    }

    private static void askForMetadata(KafkaSettings kafka, Duration timeout, long deadline) {
        long millis = Math.max(1, remaining(deadline).toMillis());
        Map<String, Object> config = kafka.clientConfig(Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) millis,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) millis));
        Admin admin = Admin.create(config);
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) millis)).nodes().get(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaptchaFleetException("Interrupted while connecting to " + kafka.bootstrapServers(), ExitCode.INTERRUPTED, e);
        } catch (TimeoutException e) {
            throw unreachable(kafka, timeout, "it accepts connections, but no Kafka broker answered: check the address, the"
                    + " brokers' advertised.listeners and --command-config");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(kafka, timeout, "it accepts connections, but no Kafka broker answered: check the address, the"
                        + " brokers' advertised.listeners and --command-config");
            }
            throw new InputException("The Kafka cluster at " + kafka.bootstrapServers() + " refused this client: "
                    + e.getCause().getMessage() + " (check --command-config)", e.getCause());
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    private static CaptchaFleetException unreachable(KafkaSettings kafka, Duration timeout, String why) {
        return new CaptchaFleetException("Cannot reach the Kafka cluster at " + kafka.bootstrapServers() + " within "
                + DurationConverter.format(timeout) + " (" + why + "). Check --bootstrap-servers, or wait longer with"
                + " --connect-timeout.", ExitCode.UNREACHABLE);
    }

    /** {@code host:port,host:port} as addresses; a malformed entry is a usage error naming it. */
    static List<InetSocketAddress> addresses(String bootstrapServers) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String entry : bootstrapServers.split(",")) {
            // Kafka's own tools accept a listener name before the address.
            String server = entry.strip().replaceFirst("^[A-Za-z_]+://", "");
            int colon = server.lastIndexOf(':');
            int port = -1;
            if (colon > 0) {
                try {
                    port = Integer.parseInt(server.substring(colon + 1));
                } catch (NumberFormatException e) {
                    port = -1;
                }
            }
            if (port < 1 || port > 65535) {
                throw new InputException("Invalid value " + bootstrapServers + " for --bootstrap-servers: \"" + server
                        + "\" is not HOST:PORT, e.g. 127.0.0.1:9092");
            }
            String host = server.substring(0, colon).replaceAll("^\\[|\\]$", "");
            addresses.add(InetSocketAddress.createUnresolved(host, port));
        }
        return addresses;
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** A bounded back-off between rounds of connection attempts, inside the deadline. */
    private static void pause() {
        try {
            Thread.sleep(RETRY_AFTER.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaptchaFleetException("Interrupted while connecting to the Kafka cluster", ExitCode.INTERRUPTED, e);
        }
    }
}
