package io.captchafleet.worker.solver.internal;

import io.captchafleet.common.errors.Classification;
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

    SolverMetrics(MeterRegistry registry, SubmitLimiter<?> limiter, AccountGate gate) {
        this.registry = registry;
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

    void paidSubmit() {
        paid.increment();
    }

    void ambiguousSubmit() {
        ambiguous.increment();
    }
}
