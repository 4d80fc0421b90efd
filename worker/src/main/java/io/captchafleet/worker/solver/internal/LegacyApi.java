package io.captchafleet.worker.solver.internal;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.errors.Classification;
import io.captchafleet.common.errors.ErrorAction;
import io.captchafleet.common.errors.ErrorCategory;
import io.captchafleet.common.errors.ErrorClassifier;
import io.captchafleet.common.errors.Phase;
import io.captchafleet.common.errors.TransportFailure;
import io.captchafleet.worker.solver.ApiKey;

/**
 * The 2captcha-compatible protocol: {@code in.php} (POST form) and {@code res.php} (GET), always with
 * {@code json=1}. Multi-id polls ({@code action=get&ids=a,b,c}) when the profile supports them, single
 * ids otherwise; where the profile has {@code action=get2} and polls single ids, every poll asks for the
 * price too ({@code OK|token|price}). Thread-safe.
 */
final class LegacyApi implements SolverApi {
    private static final String NOT_READY = "CAPCHA_NOT_READY"; // sic: the protocol's spelling

    private final HttpTransport http;
    private final ProviderText text;
    private final ApiKey key;
    private final URI inPhp;
    private final URI resPhp;
    private final Duration submitTimeout;
    private final Duration pollTimeout;
    private final int maxIdsPerPoll;
    private final ErrorClassifier classifier;
    private final Optional<String> callbackUrl;
    private final boolean withPrice;

    /**
     * @param callbackUrl sent as {@code pingback} with every submit, when callbacks are on
     * @param withPrice   poll single ids with {@code action=get2}, which answers the price with the token
     */
    LegacyApi(HttpTransport http, ApiKey key, URI baseUrl, Timeouts timeouts, int maxIdsPerPoll, ErrorClassifier classifier,
              Optional<String> callbackUrl, boolean withPrice) {
        this.http = http;
        this.text = http.text();
        this.key = key;
        this.inPhp = baseUrl.resolve("in.php");
        this.resPhp = baseUrl.resolve("res.php");
        this.submitTimeout = timeouts.submit();
        this.pollTimeout = timeouts.poll();
        this.maxIdsPerPoll = maxIdsPerPoll;
        this.classifier = classifier;
        this.callbackUrl = callbackUrl;
        this.withPrice = withPrice && maxIdsPerPoll == 1;
    }

    @Override
    public CompletableFuture<Answer> submit(ObjectNode taskData) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("key", key.reveal());
        form.put("json", "1");
        form.putAll(FormValues.taskParameters(taskData));
        callbackUrl.ifPresent(url -> form.put("pingback", url));
        HttpRequest request = HttpRequest.newBuilder(inPhp)
                .timeout(submitTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(FormValues.encode(form)))
                .build();
        return exchange(request, this::singleAnswer);
    }

    @Override
    public CompletableFuture<PollReply> poll(List<String> ids) {
        Map<String, String> query = query(withPrice ? "get2" : "get");
        if (ids.size() == 1) {
            query.put("id", ids.get(0));
        } else {
            query.put("ids", String.join(",", ids));
        }
        return http.send(get(query, pollTimeout)).thenApply(response -> {
            if (response instanceof HttpTransport.Failed) {
                return PollReply.failed(ids.size(), ((HttpTransport.Failed) response).error());
            }
            HttpTransport.Received r = (HttpTransport.Received) response;
            LegacyAnswer parsed = LegacyAnswer.parse(text, r.body());
            if (parsed == null || (!r.success() && parsed.ok())) {
                return PollReply.failed(ids.size(), http.notTheApi(r));
            }
            return ids.size() == 1 ? PollReply.of(List.of(single(parsed))) : multi(ids, parsed, r);
        });
    }

    @Override
    public int maxIdsPerPoll() {
        return maxIdsPerPoll;
    }

    @Override
    public CompletableFuture<Answer> balance() {
        return exchange(get(query("getbalance"), pollTimeout), this::singleAnswer);
    }

    @Override
    public CompletableFuture<Answer> report(String solverId, String action) {
        Map<String, String> query = query(action);
        query.put("id", solverId);
        return exchange(get(query, pollTimeout), this::singleAnswer);
    }

    private Map<String, String> query(String action) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("key", key.reveal());
        query.put("action", action);
        query.put("json", "1");
        return query;
    }

    private HttpRequest get(Map<String, String> query, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(resPhp + "?" + FormValues.encode(query))).timeout(timeout).GET().build();
    }

    private CompletableFuture<Answer> exchange(HttpRequest request, Function<LegacyAnswer, Answer> read) {
        return http.send(request).thenApply(response -> {
            if (response instanceof HttpTransport.Failed) {
                return ((HttpTransport.Failed) response).error();
            }
            HttpTransport.Received r = (HttpTransport.Received) response;
            LegacyAnswer parsed = LegacyAnswer.parse(text, r.body());
            // A non-2xx status carries an answer only when it is an error code the API defines.
            if (parsed == null || (!r.success() && parsed.ok())) {
                return http.notTheApi(r);
            }
            return read.apply(parsed);
        });
    }

    private Answer singleAnswer(LegacyAnswer parsed) {
        return parsed.ok() ? Answer.Ok.of(parsed.request()) : text.error(parsed.request(), parsed.errorText());
    }

    private Answer single(LegacyAnswer parsed) {
        if (NOT_READY.equals(parsed.request())) {
            return Answer.NotReady.INSTANCE;
        }
        if (withPrice && parsed.ok()) {
            return withPriceOf(parsed);
        }
        return singleAnswer(parsed);
    }

    /** A get2 answer: JSON carries the price in its own field, plain text as {@code token|price}. */
    private static Answer withPriceOf(LegacyAnswer parsed) {
        String token = parsed.request();
        String price = parsed.price();
        int bar = token.lastIndexOf('|');
        if (price == null && bar > 0) {
            price = token.substring(bar + 1);
            token = token.substring(0, bar);
        }
        return new Answer.Ok(token, price, null);
    }

    private PollReply multi(List<String> ids, LegacyAnswer parsed, HttpTransport.Received r) {
        String[] parts = parsed.request().split("\\|", -1);
        if (parts.length == ids.size()) {
            List<Answer> answers = new ArrayList<>(parts.length);
            for (String part : parts) {
                answers.add(element(part.strip(), r));
            }
            return PollReply.of(answers);
        }
        if (!parsed.ok() && parts.length == 1) {
            if (NOT_READY.equals(parsed.request())) {
                return PollReply.failed(ids.size(), Answer.NotReady.INSTANCE);
            }
            if (concernsTheAccount(parsed.request())) {
                return PollReply.failed(ids.size(), text.error(parsed.request(), parsed.errorText()));
            }
        }
        // A task's error for the whole request, or a count we cannot line up: we cannot tell whose it is.
        return PollReply.failed(ids.size(), new Answer.TransportError(TransportFailure.BAD_RESPONSE, r.status(),
                "asked for " + ids.size() + " ids, got " + parts.length + " answers: " + text.excerpt(r.body()),
                Duration.ZERO, false));
    }

    private Answer element(String part, HttpTransport.Received r) {
        if (part.isEmpty()) {
            return new Answer.TransportError(TransportFailure.BAD_RESPONSE, r.status(), "an empty answer in " + text.excerpt(r.body()),
                    Duration.ZERO, false);
        }
        if (NOT_READY.equals(part)) {
            return Answer.NotReady.INSTANCE;
        }
        return LegacyAnswer.isErrorCode(part) ? text.error(part, null) : Answer.Ok.of(part);
    }

    /** Whether an error for a whole request is about the account or the service, not one task. */
    private boolean concernsTheAccount(String code) {
        Classification c = classifier.classify(code, Phase.POLL);
        return c.category().fatal() || c.category() == ErrorCategory.TRANSIENT && c.action() != ErrorAction.RESUBMIT;
    }

    /** Time-outs of the two kinds of request. */
    record Timeouts(Duration submit, Duration poll) {
    }
}
