package io.captchafleet.worker.solver;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import io.captchafleet.common.InputException;
import io.captchafleet.common.model.TaskKind;
import io.captchafleet.common.provider.ProviderProfile;
import io.captchafleet.worker.solver.internal.DurationText;

/**
 * How a {@link Solver} talks to one provider account: the profile (with {@code --solver-url} already
 * applied), the key, the submit limits, the time-outs and the polling overrides. Immutable; every default
 * lives in {@link Builder}, and {@link Builder#build()} validates each value and names its flag.
 */
public final class SolverSettings {
    private final ProviderProfile profile;
    private final ApiKey apiKey;
    private final int maxConcurrentSubmits;
    private final double submitsPerSecond;
    private final Duration submitTimeout;
    private final Duration pollRequestTimeout;
    private final Duration connectTimeout;
    private final Duration attemptTimeout;
    private final int multiIdChunk;
    private final int maxConcurrentPolls;
    private final Duration firstPollDelay;
    private final Duration pollInterval;
    private final int pollBudget;
    private final Duration schedulerTick;
    private final Clock clock;
    private final Pingback pingback;
    private final Optional<BigDecimal> price;

    private SolverSettings(Builder b) {
        this.profile = b.balanceInterval == null ? b.profile
                : b.profile.withBilling(b.profile.billing().withBalanceInterval(b.balanceInterval));
        // With callbacks, every submit carries the pingback secret: provider text is cleaned of it like the key.
        this.apiKey = b.pingback == null ? b.apiKey : b.apiKey.alsoMasking(b.pingback.secret());
        this.pingback = b.pingback;
        this.maxConcurrentSubmits = b.maxConcurrentSubmits;
        this.submitsPerSecond = b.submitsPerSecond != null ? b.submitsPerSecond : b.profile.submitsPerSecond();
        this.submitTimeout = b.submitTimeout;
        this.pollRequestTimeout = b.pollRequestTimeout;
        this.connectTimeout = b.connectTimeout;
        this.attemptTimeout = b.attemptTimeout;
        this.multiIdChunk = b.multiIdChunk;
        this.maxConcurrentPolls = b.maxConcurrentPolls;
        this.firstPollDelay = b.firstPollDelay;
        this.pollInterval = b.pollInterval != null ? b.pollInterval : b.profile.pollInterval();
        this.pollBudget = b.pollBudget != null ? b.pollBudget : b.profile.pollBudget();
        this.schedulerTick = b.schedulerTick;
        this.clock = b.clock;
        this.price = Optional.ofNullable(b.price);
    }

    public static Builder builder(ProviderProfile profile, ApiKey apiKey) {
        return new Builder(profile, apiKey);
    }

    public ProviderProfile profile() {
        return profile;
    }

    public ApiKey apiKey() {
        return apiKey;
    }

    /** At most this many submits on the wire at once (push-back lowers the live limit below it). */
    public int maxConcurrentSubmits() {
        return maxConcurrentSubmits;
    }

    /** Submits per second the process may send; 0 for no cap. */
    public double submitsPerSecond() {
        return submitsPerSecond;
    }

    public Duration submitTimeout() {
        return submitTimeout;
    }

    public Duration pollRequestTimeout() {
        return pollRequestTimeout;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** After this long from the submit without an answer the solve fails with {@code TIMEOUT}. */
    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    /** Ids per multi-id poll request. */
    public int multiIdChunk() {
        return multiIdChunk;
    }

    /** At most this many poll requests on the wire at once. */
    public int maxConcurrentPolls() {
        return maxConcurrentPolls;
    }

    /** The first-poll delay for a task kind: the override when set, else the profile's. */
    public Duration firstPollDelay(TaskKind kind) {
        return firstPollDelay != null ? firstPollDelay : profile.firstPollDelay(kind);
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    /** The most result requests one task may cost. */
    public int pollBudget() {
        return pollBudget;
    }

    /** How often the scheduler looks for due polls and queued submits; due polls within one tick are coalesced. */
    public Duration schedulerTick() {
        return schedulerTick;
    }

    public Clock clock() {
        return clock;
    }

    /** Where the provider calls back when a task is solved, when callbacks are on (off unless {@code --pingback-url}). */
    public Optional<Pingback> pingback() {
        return Optional.ofNullable(pingback);
    }

    /**
     * Whether each poll asks for one id with {@code res.php?action=get2}, which answers the price with the token:
     * where the profile has {@code get2} and polls single ids (multi-id polling off, or {@code --multi-id-chunk 1}).
     */
    public boolean pollsWithPrice() {
        return profile.protocol() == io.captchafleet.common.provider.Protocol.LEGACY && profile.billing().resultWithPrice()
                && (!profile.multiIdPolling() || multiIdChunk == 1);
    }

    /** The price of one solve to assume until the API's cost or the balance says ({@code --price}); else the profile's. */
    public Optional<BigDecimal> price() {
        return price;
    }

    @Override
    public String toString() {
        return "SolverSettings[provider=" + profile.name() + ", url=" + profile.baseUrl() + ", maxConcurrentSubmits="
                + maxConcurrentSubmits + ", submitsPerSecond=" + submitsPerSecond + ", multiIdPolling="
                + profile.multiIdPolling() + ", pollBudget=" + pollBudget + "]";
    }

    /** Builds {@link SolverSettings}; not thread-safe. */
    public static final class Builder {
        private final ProviderProfile profile;
        private final ApiKey apiKey;
        private int maxConcurrentSubmits = 8;
        private Double submitsPerSecond;
        private Duration submitTimeout = Duration.ofSeconds(35);
        private Duration pollRequestTimeout = Duration.ofSeconds(15);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration attemptTimeout = Duration.ofMinutes(6);
        private int multiIdChunk = 100;
        private int maxConcurrentPolls = 16;
        private Duration firstPollDelay;
        private Duration pollInterval;
        private Integer pollBudget;
        private Duration schedulerTick = Duration.ofMillis(100);
        private Clock clock = Clock.systemUTC();
        private Pingback pingback;
        private BigDecimal price;
        private Duration balanceInterval;

        private Builder(ProviderProfile profile, ApiKey apiKey) {
            this.profile = Objects.requireNonNull(profile, "profile");
            this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        }

        public Builder maxConcurrentSubmits(int n) {
            this.maxConcurrentSubmits = n;
            return this;
        }

        /** Overrides the profile's submit rate; 0 for no cap. */
        public Builder submitsPerSecond(double rate) {
            this.submitsPerSecond = rate;
            return this;
        }

        public Builder submitTimeout(Duration d) {
            this.submitTimeout = d;
            return this;
        }

        public Builder pollRequestTimeout(Duration d) {
            this.pollRequestTimeout = d;
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        public Builder attemptTimeout(Duration d) {
            this.attemptTimeout = d;
            return this;
        }

        public Builder multiIdChunk(int n) {
            this.multiIdChunk = n;
            return this;
        }

        public Builder maxConcurrentPolls(int n) {
            this.maxConcurrentPolls = n;
            return this;
        }

        /** One first-poll delay for every task kind instead of the profile's per-kind delays. */
        public Builder firstPollDelay(Duration d) {
            this.firstPollDelay = d;
            return this;
        }

        public Builder pollInterval(Duration d) {
            this.pollInterval = d;
            return this;
        }

        public Builder pollBudget(int n) {
            this.pollBudget = n;
            return this;
        }

        public Builder schedulerTick(Duration d) {
            this.schedulerTick = d;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** Registers this callback URL with every submit; polling stays the fallback. */
        public Builder pingback(Pingback p) {
            this.pingback = p;
            return this;
        }

        /** {@code --price}: what one solve costs until the API or the balance says; null for the profile's list price. */
        public Builder price(BigDecimal amount) {
            this.price = amount;
            return this;
        }

        /**
         * {@code --balance-interval}: ask for the balance no more often than this; zero never asks (costs then come
         * from the API or the given price only); null for the profile's.
         */
        public Builder balanceInterval(Duration d) {
            this.balanceInterval = d;
            return this;
        }

        /** @throws InputException naming the flag and the value when one is out of range */
        public SolverSettings build() {
            atLeast("--max-concurrent-submits", maxConcurrentSubmits, 1);
            atLeast("--multi-id-chunk", multiIdChunk, 1);
            atLeast("--max-concurrent-polls", maxConcurrentPolls, 1);
            if (pollBudget != null) {
                atLeast("--poll-budget", pollBudget, 1);
            }
            if (submitsPerSecond != null && (submitsPerSecond < 0 || submitsPerSecond.isNaN() || submitsPerSecond.isInfinite())) {
                throw new InputException("Invalid value " + submitsPerSecond + " for --submit-rate: must be 0 (no cap) or more");
            }
            positive("--submit-timeout", submitTimeout);
            positive("--poll-request-timeout", pollRequestTimeout);
            positive("--connect-timeout", connectTimeout);
            positive("--attempt-timeout", attemptTimeout);
            positive("--scheduler-tick", schedulerTick);
            if (firstPollDelay != null && firstPollDelay.isNegative()) {
                throw new InputException("Invalid value " + DurationText.of(firstPollDelay) + " for --poll-initial-delay: must not be negative");
            }
            if (pollInterval != null) {
                positive("--poll-interval", pollInterval);
            }
            if (balanceInterval != null && balanceInterval.isNegative()) {
                throw new InputException("Invalid value " + DurationText.of(balanceInterval) + " for --balance-interval: must not be negative");
            }
            if (price != null && price.signum() <= 0) {
                throw new InputException("Invalid value " + price.toPlainString() + " for --price: must be above 0");
            }
            return new SolverSettings(this);
        }

        private static void atLeast(String flag, int value, int min) {
            if (value < min) {
                throw new InputException("Invalid value " + value + " for " + flag + ": must be at least " + min);
            }
        }

        private static void positive(String flag, Duration d) {
            Objects.requireNonNull(d, flag);
            if (d.isNegative() || d.isZero()) {
                throw new InputException("Invalid value " + DurationText.of(d) + " for " + flag + ": must be more than 0");
            }
        }
    }
}
