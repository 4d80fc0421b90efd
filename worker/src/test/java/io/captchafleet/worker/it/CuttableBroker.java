package io.captchafleet.worker.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import io.captchafleet.sandbox.broker.BrokerOptions;
import io.captchafleet.sandbox.broker.EmbeddedKafkaBroker;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * An embedded broker whose clients can lose it: they reach it through a TCP proxy on loopback
 * (NetCrusher) that {@link #cut()} closes, dropping every connection and refusing new ones, and
 * {@link #restore()} opens again. The broker advertises the proxy's address on the listener behind it,
 * so a client that bootstraps through {@link #proxiedBootstrapServers()} makes every connection through
 * the proxy; the test's own tools use {@link #directBootstrapServers()} and are never cut.
 *
 * <p>Its own broker on a temporary directory, closed with it. Cut and restore from any one thread.
 */
final class CuttableBroker implements AutoCloseable {
    private final EmbeddedKafkaBroker broker;
    private final NioReactor reactor;
    private final TcpCrusher proxy;

    private CuttableBroker(EmbeddedKafkaBroker broker, NioReactor reactor, TcpCrusher proxy) {
        this.broker = broker;
        this.reactor = reactor;
        this.proxy = proxy;
    }

    /** Starts the broker and the proxy in front of its second listener, open. */
    static CuttableBroker start() {
        int proxyPort = freePort();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.builder().advertisedProxyPort(proxyPort).build());
        NioReactor reactor = null;
        try {
            reactor = new NioReactor();
            TcpCrusher proxy = TcpCrusherBuilder.builder()
                    .withReactor(reactor)
                    .withBindAddress("127.0.0.1", proxyPort)
                    .withConnectAddress("127.0.0.1", broker.proxiedListenerPort().orElseThrow())
                    .buildAndOpen();
            return new CuttableBroker(broker, reactor, proxy);
        } catch (IOException | RuntimeException e) {
            if (reactor != null) {
                reactor.close();
            }
            broker.close();
            throw e instanceof IOException io ? new UncheckedIOException("Cannot start the proxy on port " + proxyPort, io)
                    : (RuntimeException) e;
        }
    }

    /** Through the proxy: for the clients under test (workers). */
    String proxiedBootstrapServers() {
        return "127.0.0.1:" + proxy.getBindAddress().getPort();
    }

    /** Straight to the broker: for the test's own producers, readers and admin, which are never cut. */
    String directBootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Drops every proxied connection and refuses new ones until {@link #restore()}. */
    void cut() {
        proxy.close();
    }

    /** Accepts proxied connections again. */
    void restore() {
        proxy.open();
    }

    boolean isCut() {
        return !proxy.isOpen();
    }

    @Override
    public void close() {
        proxy.close();
        reactor.close();
        broker.close();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
