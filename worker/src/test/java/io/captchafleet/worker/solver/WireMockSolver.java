package io.captchafleet.worker.solver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.provider.ProviderProfile;
import io.captchafleet.common.provider.ProviderProfiles;
import io.captchafleet.common.serde.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A solver pointed at a WireMock server, with fast test timing (first poll at once, 50 ms interval,
 * 10 ms ticks, no rate cap), no balance requests unless a test asks for them ({@code balanceInterval}), and a
 * recording listener.
 */
final class WireMockSolver implements AutoCloseable {
    /** The key every test uses; no log line, detail or exception may contain it. */
    static final String KEY = "TESTKEY-5f1c9a7e0b2d4c68a3e1";

    final Solver solver;
    final Halts halts;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final RecordingListener listener = new RecordingListener();

    private WireMockSolver(ProviderProfile profile, String baseUrl, UnaryOperator<SolverSettings.Builder> tweak) {
        SolverSettings.Builder b = SolverSettings.builder(profile.withBaseUrl(URI.create(baseUrl)), ApiKey.of(KEY))
                .firstPollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .schedulerTick(Duration.ofMillis(10))
                .submitsPerSecond(0)
                .balanceInterval(Duration.ZERO);
        SolverSettings settings = tweak.apply(b).build();
        this.halts = new Halts(settings.clock());
        this.solver = Solvers.create(settings, registry, halts.halt);
    }

    /** Any profile at the WireMock server. */
    static WireMockSolver of(ProviderProfile profile, String baseUrl, UnaryOperator<SolverSettings.Builder> tweak) {
        return new WireMockSolver(profile, baseUrl, tweak);
    }

    /** The legacy protocol (the {@code custom} profile: multi-id polling on). */
    static WireMockSolver legacy(String baseUrl, UnaryOperator<SolverSettings.Builder> tweak) {
        return new WireMockSolver(ProviderProfiles.byName("custom"), baseUrl, tweak);
    }

    static WireMockSolver legacy(String baseUrl) {
        return legacy(baseUrl, b -> b);
    }

    /** The JSON protocol (the {@code capsolver} profile). */
    static WireMockSolver json(String baseUrl, UnaryOperator<SolverSettings.Builder> tweak) {
        return new WireMockSolver(ProviderProfiles.byName("capsolver"), baseUrl, tweak);
    }

    static WireMockSolver json(String baseUrl) {
        return json(baseUrl, b -> b);
    }

    SolveHandle start(String taskId, ObjectNode task) {
        return solver.solve(SolveRequest.of(taskId, task), listener);
    }

    SolveResult solve(String taskId, ObjectNode task) {
        start(taskId, task);
        return listener.awaitResult(taskId);
    }

    double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() {
        solver.close();
    }

    static ObjectNode task(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A form or query string as an ordered map (each name once). */
    static Map<String, String> form(String encoded) {
        Map<String, String> m = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return m;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (m.put(k, v) != null) {
                throw new AssertionError("parameter " + k + " sent twice in " + encoded);
            }
        }
        return m;
    }
}
