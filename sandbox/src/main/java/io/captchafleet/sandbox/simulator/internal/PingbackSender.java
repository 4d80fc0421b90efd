package io.captchafleet.sandbox.simulator.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import io.captchafleet.sandbox.simulator.Pingbacks;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls clients back when the answer of a submit that named a callback URL is ready: the token, or
 * {@code ERROR_CAPTCHA_UNSOLVABLE}, in the style its {@link Pingbacks} ask for, dropped or sent twice as
 * they say. A callback the client answers with 2xx counts as the answer delivered (like a poll that got
 * it). Only loopback URLs are ever called. One timer thread and the HTTP client's own; thread-safe.
 */
final class PingbackSender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PingbackSender.class);
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9A-Fa-f:]+]?");

    private final Clock clock;
    private final Counters counters;
    private final Consumer<Submission> delivered;
    private final ScheduledExecutorService timer;
    private final ExecutorService httpThreads;
    private final HttpClient http;
    private final SplittableRandom random; // guarded by itself
    private volatile Pingbacks pingbacks;

    /** @param delivered called when a client accepted a callback: its answer was delivered */
    PingbackSender(SimulatorSettings settings, Counters counters, Consumer<Submission> delivered) {
        this.clock = settings.clock();
        this.counters = counters;
        this.delivered = delivered;
        this.pingbacks = settings.pingbacks();
        this.random = new SplittableRandom(settings.seed() ^ 0x5DEECE66DL);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "simulator-pingback-timer"));
        this.httpThreads = Executors.newFixedThreadPool(2, r -> daemon(r, "simulator-pingback-http"));
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(httpThreads).build();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void setPingbacks(Pingbacks p) {
        pingbacks = p;
    }

    /**
     * Schedules the callback of a billed submit whose request named {@code url} ({@code json}: it came by the
     * JSON protocol); a URL that is not on this machine's loopback is never called.
     */
    void schedule(Submission s, String url, boolean json) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !loopback(uri)) {
            counters.pingbacksRefused.increment();
            log.warn("Solver simulator: not calling back a URL off loopback (it calls 127.0.0.1 and localhost only)");
            return;
        }
        Pingbacks p = pingbacks;
        long wait = Math.max(0, s.readyAt() - clock.millis()) + p.delay().toMillis();
        URI target = uri;
        try {
            timer.schedule(() -> send(s, target, json), wait, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("Solver simulator closed: a callback is not sent");
        }
    }

    private void send(Submission s, URI url, boolean json) {
        Pingbacks p = pingbacks;
        boolean drop;
        boolean twice;
        synchronized (random) {
            drop = random.nextDouble() < p.dropShare();
            twice = random.nextDouble() < p.duplicateShare();
        }
        if (drop) {
            counters.pingbacksDropped.increment();
            return;
        }
        if (twice) {
            counters.pingbacksDuplicated.increment();
        }
        HttpRequest request = request(p.style(), json, url, Long.toString(s.id()), s.unsolvable() ? "ERROR_CAPTCHA_UNSOLVABLE" : s.token());
        for (int i = twice ? 2 : 1; i > 0; i--) {
            counters.pingbacksSent.increment();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                if (error == null && response.statusCode() / 100 == 2) {
                    counters.pingbacksDelivered.increment();
                    delivered.accept(s);
                } else {
                    counters.pingbacksFailed.increment();
                }
            });
        }
    }

    private static HttpRequest request(Pingbacks.Style style, boolean json, URI url, String id, String code) {
        Pingbacks.Style s = style == Pingbacks.Style.PROTOCOL ? (json ? Pingbacks.Style.JSON : Pingbacks.Style.FORM) : style;
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("code", code);
        HttpRequest.Builder b = HttpRequest.newBuilder().timeout(Duration.ofSeconds(10));
        switch (s) {
            case GET:
                return b.uri(URI.create(url + "?" + form(fields))).GET().build();
            case JSON:
                return b.uri(url).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.valueToTree(fields).toString())).build();
            default:
                return b.uri(url).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build();
        }
    }

    private static String form(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return sb.toString();
    }

    /** Only this machine: {@code localhost} or a loopback address literal (no name is looked up). */
    static boolean loopback(URI url) {
        String host = url.getHost();
        if (host == null || !"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!IP_LITERAL.matcher(host).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        httpThreads.shutdownNow();
    }
}
