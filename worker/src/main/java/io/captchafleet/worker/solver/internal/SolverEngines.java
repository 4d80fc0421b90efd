package io.captchafleet.worker.solver.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import io.captchafleet.common.provider.Protocol;
import io.captchafleet.common.provider.ProviderProfile;
import io.captchafleet.worker.solver.FleetHalt;
import io.captchafleet.worker.solver.Pingback;
import io.captchafleet.worker.solver.SolverSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.LoggerFactory;

/** Wires a {@link SolverEngine}: its threads, its HTTP client and the protocol the profile speaks. Stateless. */
public final class SolverEngines {
    private SolverEngines() {
    }

    /**
     * A solver for {@code settings} on a new {@link HttpClient} (HTTP/1.1, the connect time-out, daemon
     * threads of its own: a thread per request on the wire) and a scheduler thread, with its meters on
     * {@code registry}.
     */
    public static SolverEngine create(SolverSettings settings, MeterRegistry registry, FleetHalt halt) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("solver-scheduler"));
        // The client's own tasks and the threads that wait for each answer (HttpTransport): as many as requests on the wire.
        ExecutorService http = Executors.newCachedThreadPool(daemon("solver-http"));
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(http)
                .build();
        HttpTransport transport = new HttpTransport(client, http, settings.apiKey(), settings.clock());
        LegacyApi.Timeouts timeouts = new LegacyApi.Timeouts(settings.submitTimeout(), settings.pollRequestTimeout());
        ProviderProfile profile = settings.profile();
        URI base = directory(profile.baseUrl());
        Optional<String> callbackUrl = settings.pingback().map(Pingback::registeredUrl);
        SolverApi api = profile.protocol() == Protocol.JSON
                ? new JsonApi(transport, settings.apiKey(), base, timeouts, callbackUrl)
                : new LegacyApi(transport, settings.apiKey(), base, timeouts,
                        profile.multiIdPolling() ? settings.multiIdChunk() : 1, profile.classifier(), callbackUrl,
                        settings.pollsWithPrice());
        LoggerFactory.getLogger(SolverEngine.class).info("Solver for {}", settings);
        return new SolverEngine(settings, api, registry, halt, new SolverEngine.Threads(scheduler, http));
    }

    /** The base URL as a directory, so {@code in.php} resolves below it ({@code http://host:8123} or {@code .../api}). */
    private static URI directory(URI url) {
        String text = url.toString();
        return text.endsWith("/") ? url : URI.create(text + "/");
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
