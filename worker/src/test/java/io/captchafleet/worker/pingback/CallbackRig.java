package io.captchafleet.worker.pingback;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import io.captchafleet.common.fleet.FleetState;
import io.captchafleet.common.metrics.MetricsSetup;
import io.captchafleet.common.provider.ProviderProfile;
import io.captchafleet.common.serde.Json;
import io.captchafleet.worker.halt.HaltState;
import io.captchafleet.worker.http.StatusServer;
import io.captchafleet.worker.solver.ApiKey;
import io.captchafleet.worker.solver.Pingback;
import io.captchafleet.worker.solver.SolveHandle;
import io.captchafleet.worker.solver.SolveListener;
import io.captchafleet.worker.solver.SolveRequest;
import io.captchafleet.worker.solver.SolveResult;
import io.captchafleet.worker.solver.Solver;
import io.captchafleet.worker.solver.SolverSettings;
import io.captchafleet.worker.solver.Solvers;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * A solver with callbacks on, against the simulator, without Kafka: the real receiver on a real HTTP port,
 * whose publisher hands each callback straight to the solver (what the pingbacks topic and the follower do
 * between processes). Records every listener call. For tests; closes everything it started.
 */
final class CallbackRig implements SolveListener, AutoCloseable {
    static final String SECRET = "rig-secret-0123456789abcdef";

    final PrometheusMeterRegistry registry = MetricsSetup.prometheus(List.of());
    final List<PingbackRecord> published = new CopyOnWriteArrayList<>();
    final Map<String, List<SolveResult>> done = new ConcurrentHashMap<>();
    /** Every paid submit, by task id: what a worker records {@code in_flight} and a new owner resumes from. */
    final Map<String, Paid> paid = new ConcurrentHashMap<>();
    final StatusServer http;
    final Solver solver;

    /** {@code profile} pointed at the simulator; {@code tweak} changes the solver's settings (polling, grace). */
    CallbackRig(ProviderProfile profile, Duration grace, UnaryOperator<SolverSettings.Builder> tweak) {
        HaltState halt = new HaltState("rig", e -> { }, Clock.systemUTC());
        halt.followed(FleetState.initial());
        Solver[] holder = new Solver[1];
        PingbackReceiver.Publisher publisher = r -> {
            published.add(r);
            holder[0].callback(r.solverId(), r.code());
            return CompletableFuture.completedFuture(null);
        };
        // The port is known only once bound, and the URL must name it: bind first, then tell the receiver.
        PingbackReceiver[] receiver = new PingbackReceiver[1];
        this.http = StatusServer.start("127.0.0.1", 0, registry, () -> null, () -> null, Map.of(Pingback.PATH, ex -> receiver[0].handle(ex)));
        Pingback pingback = Pingback.of(URI.create(url()), SECRET, grace);
        receiver[0] = new PingbackReceiver(pingback, publisher, "rig", Clock.systemUTC(), registry);
        SolverSettings settings = tweak.apply(SolverSettings.builder(profile, ApiKey.of("rig-key")).pingback(pingback)).build();
        this.solver = Solvers.create(settings, registry, halt);
        holder[0] = solver;
    }

    /** The public URL the workers would be reached at: here, the HTTP port itself. */
    String url() {
        return "http://127.0.0.1:" + http.port() + "/pingback";
    }

    List<SolveHandle> solveAll(String batch, int n) {
        List<SolveHandle> handles = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            handles.add(solver.solve(SolveRequest.of(batch + "/" + i, Json.object().put("method", "userrecaptcha")
                    .put("sitekey", "6Le-rig").put("pageurl", "https://site.example/" + batch + "/" + i)), this));
        }
        return handles;
    }

    long solved() {
        return done.values().stream().filter(l -> l.get(0) instanceof SolveResult.Solved).count();
    }

    /** A counter's value on the rig's registry (Prometheus name and one label), 0 when absent. */
    double counter(String name, String label, String value) {
        var c = registry.find(name).tag(label, value).counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void onPaid(SolveRequest request, String solverId, Instant submittedAt) {
        paid.put(request.taskId(), new Paid(request, solverId, submittedAt));
    }

    /** A paid submit as its {@code in_flight} outcome records it. */
    record Paid(SolveRequest request, String solverId, Instant submittedAt) {
    }

    @Override
    public void onDone(SolveRequest request, SolveResult result) {
        done.computeIfAbsent(request.taskId(), k -> new CopyOnWriteArrayList<>()).add(result);
    }

    @Override
    public void close() {
        solver.close();
        http.close();
    }
}
