package io.captchafleet.worker.solver;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.captchafleet.common.model.TaskKind;

/**
 * The asynchronous solver of one account: submits tasks within the provider's limits and polls them to
 * an answer. One instance serves every worker in a process. No method blocks the caller; events arrive
 * through the {@link SolveListener} given to each solve. Thread-safe.
 *
 * <p>Submits are bounded process-wide (at most {@code --max-concurrent-submits} on the wire, lowered
 * while the provider pushes back; a per-profile submit rate; the {@link #gate()}). Polling asks for all
 * due ids in as few requests as the profile allows, starting after the task kind's first-poll delay,
 * never more than the poll budget per task, and ends with a {@code TIMEOUT} task error after the
 * per-attempt time-out. An error while polling means polling again later, never a new submit.
 */
public interface Solver extends AutoCloseable {

    /** Submits the task (when the limits and the gate allow) and polls it to an answer. */
    SolveHandle solve(SolveRequest request, SolveListener listener);

    /**
     * Polls a task that was already paid for (its solver id came from the results topic): no submit.
     * {@code submittedAt} anchors the per-attempt time-out and the solve time.
     */
    SolveHandle resume(SolveRequest request, String solverId, Instant submittedAt, SolveListener listener);

    /**
     * A provider's callback ({@code pingback}) for a paid solve: a token completes it as a poll answer would;
     * anything else makes it due for a poll now. A callback for an id this solver does not hold (another
     * process's, or one that has ended: a duplicate) is ignored and counted. It never submits anything.
     */
    void callback(String solverId, String code);

    /** The account balance as the provider reports it. */
    CompletableFuture<BigDecimal> balance();

    /**
     * Reports a solved task's answer as bad or good (providers refund bad answers), once: never retried. Completes
     * with what came of it, for the outcome's {@code report_result}: the provider's answer ({@code OK_REPORT_RECORDED},
     * {@code success}), its error code, the failure below the API ({@code REQUEST_TIMEOUT}, ...), or
     * {@code not_supported} without a request when the provider takes no report of this kind. Never completes
     * exceptionally.
     */
    CompletableFuture<String> report(String solverId, TaskKind kind, boolean good);

    /**
     * The best estimate of what one paid submit of this kind costs now: what the API's answers or the balance
     * said, else the user's {@code --price}, else the profile's list price; empty when nothing is known.
     */
    Optional<Cost> price(TaskKind kind);

    /** The account balance as last seen (the solver samples it no more often than the profile allows), if seen. */
    Optional<Balance> lastBalance();

    /** How long after its answer the provider takes a report, if it limits it (Anti-Captcha: 60 s). */
    Optional<Duration> reportWindow();

    /** The process-wide submit gate. */
    SubmitGate gate();

    /** How many submits may be on the wire now (AIMD: lowered on push-back, raised as submits succeed). */
    int concurrencyLimit();

    /** Cancels every solve and releases the HTTP client; pending listener calls are not made. */
    @Override
    void close();
}
