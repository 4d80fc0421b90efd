package io.captchafleet.worker.solver.internal;

import java.util.Locale;

import io.captchafleet.common.errors.Classification;
import io.captchafleet.common.model.TaskKind;
import io.captchafleet.worker.solver.Cost;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The solver's meters (Prometheus names in the comments). Labels are bounded: endpoint and result are
 * fixed sets, error codes are the classifier's table or {@code unknown}; nothing carries the API key.
 * Thread-safe (Micrometer meters are).
 */
final class SolverMetrics {
    private final MeterRegistry registry;
    private final Counter paid;
    private final Counter ambiguous;
    private final java.util.concurrent.ConcurrentMap<String, Counter> requests = new java.util.concurrent.ConcurrentHashMap<>();
    private final String provider;

    SolverMetrics(MeterRegistry registry, SubmitLimiter<?> limiter, AccountGate gate, String provider, Spending spending) {
        this.registry = registry;
        this.provider = provider;
        // captcha_fleet_balance{provider}
        Gauge.builder("captcha.fleet.balance", spending,
                        s -> s.lastBalance().map(b -> b.amount().doubleValue()).orElse(Double.NaN))
                .tag("provider", provider).description("The account balance as last seen, in the account's currency")
                .register(registry);
        // captcha_fleet_paid_submits_total
        this.paid = Counter.builder("captcha.fleet.paid.submits").description("Submits the provider accepted (billed)").register(registry);
        // captcha_fleet_ambiguous_submits_total
        this.ambiguous = Counter.builder("captcha.fleet.ambiguous.submits")
                .description("Submits whose reply never came: they may have been billed").register(registry);
        // captcha_fleet_concurrency_limit
        Gauge.builder("captcha.fleet.concurrency.limit", limiter, SubmitLimiter::concurrencyLimit)
                .description("Submits allowed on the wire now (AIMD)").register(registry);
        // captcha_fleet_submit_gate_closed
        Gauge.builder("captcha.fleet.submit.gate.closed", gate, g -> g.isOpen() ? 0 : 1)
                .description("1 while no submit may go out (ban or halt)").register(registry);
    }

    /** captcha_fleet_api_requests_total{endpoint, result} */
    void request(String endpoint, String result) {
        // Looked up per request: the endpoints and results are a few fixed names, so the map stays small.
        requests.computeIfAbsent(endpoint + '|' + result, k -> Counter.builder("captcha.fleet.api.requests")
                .tag("endpoint", endpoint).tag("result", result)
                .description("Requests to the solver API by endpoint and result").register(registry)).increment();
    }

    /** captcha_fleet_api_errors_total{code, category} */
    void error(Classification c) {
        Counter.builder("captcha.fleet.api.errors").tag("code", c.metricLabel()).tag("category", c.category().wire())
                .description("Errors from the solver API by code and category").register(registry).increment();
    }

    /** captcha_fleet_pingbacks_applied_total{result}: solved, poll_now, or not_held (an id this process does not hold). */
    void pingback(String result) {
        Counter.builder("captcha.fleet.pingbacks.applied").tag("result", result)
                .description("Provider callbacks read from the pingbacks topic, by what they did here").register(registry).increment();
    }

    /** captcha_fleet_spend_total{provider, kind}: what paid submits cost, by labels that never name a batch. */
    void spent(TaskKind kind, Cost cost) {
        if (cost == null || cost.amount().signum() == 0) {
            return;
        }
        Counter.builder("captcha.fleet.spend").tag("provider", provider).tag("kind", kind.name().toLowerCase(Locale.ROOT))
                .description("What paid submits cost, in the account's currency (the API's price, else estimated)")
                .register(registry).increment(cost.amount().doubleValue());
    }

    void paidSubmit() {
        paid.increment();
    }

    void ambiguousSubmit() {
        ambiguous.increment();
    }
}
