package io.captchafleet.sandbox.simulator;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a {@link SolverSimulator} behaves. Immutable; build with {@link #builder()}, where every default
 * is set. The setters validate at once and throw {@link InvalidSettingException} naming the setting
 * by its command-line name ({@code poll-budget}, {@code max-concurrent}, ...).
 */
public final class SimulatorSettings {
    /** The window of the submit-rate limit, the one 2captcha documents for {@code MAX_USER_TURN}. */
    public static final Duration SUBMIT_RATE_WINDOW = Duration.ofSeconds(3);

    private final String host;
    private final int port;
    private final Latency latency;
    private final Faults faults;
    private final Duration slowDelay;
    private final Long balance;
    private final Integer maxConcurrent;
    private final String key;
    private final int pollBudget;
    private final Integer submitRateLimit;
    private final Duration resultTtl;
    private final long seed;
    private final Clock clock;
    private final int httpThreads;
    private final Path stateDir;
    private final Pingbacks pingbacks;
    private final BigDecimal price;

    private SimulatorSettings(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.latency = b.latency;
        this.faults = b.faults;
        this.slowDelay = b.slowDelay;
        this.balance = b.balance;
        this.maxConcurrent = b.maxConcurrent;
        this.key = b.key;
        this.pollBudget = b.pollBudget;
        this.submitRateLimit = b.submitRateLimit;
        this.resultTtl = b.resultTtl;
        this.seed = b.seed;
        this.clock = b.clock;
        this.httpThreads = b.httpThreads;
        this.stateDir = b.stateDir;
        this.pingbacks = b.pingbacks;
        this.price = b.price;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every default: loopback, a free port, 1–5 s latency, no faults, unlimited balance, any key. */
    public static SimulatorSettings defaults() {
        return builder().build();
    }

    /**
     * The address it listens on: {@code 127.0.0.1} by default; {@code 0.0.0.0} in a container, where the
     * workers reach it from other containers.
     */
    public String host() {
        return host;
    }

    /** The port; 0 means any free port. */
    public int port() {
        return port;
    }

    public Latency latency() {
        return latency;
    }

    /** The fault shares the simulator starts with ({@link SolverSimulator#setFaults} changes them later). */
    public Faults faults() {
        return faults;
    }

    /** How late a reply with the {@link Fault#SLOW} fault comes. */
    public Duration slowDelay() {
        return slowDelay;
    }

    /**
     * What one billed submit costs in USD (default 0.00299, 2captcha's reCAPTCHA price): the {@code cost} of
     * {@code getTaskResult}, the {@code price} of {@code res.php?action=get2}, and what the balance drops by.
     */
    public BigDecimal price() {
        return price;
    }

    /** The number of billable submits the account starts with; empty means unlimited. */
    public OptionalLong balance() {
        return balance == null ? OptionalLong.empty() : OptionalLong.of(balance);
    }

    /** The most unsolved tasks in progress at once; above it a submit answers {@code ERROR_NO_SLOT_AVAILABLE}. */
    public OptionalInt maxConcurrent() {
        return maxConcurrent == null ? OptionalInt.empty() : OptionalInt.of(maxConcurrent);
    }

    /** The only key accepted; empty means any non-blank key. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /** Result requests allowed per task id; beyond it the id answers {@code ERROR: 1005}. */
    public int pollBudget() {
        return pollBudget;
    }

    /** The most submits per {@link #SUBMIT_RATE_WINDOW}; above it a submit answers {@code MAX_USER_TURN}. */
    public OptionalInt submitRateLimit() {
        return submitRateLimit == null ? OptionalInt.empty() : OptionalInt.of(submitRateLimit);
    }

    /** How long a finished task's answer stays retrievable; empty means forever. */
    public Optional<Duration> resultTtl() {
        return Optional.ofNullable(resultTtl);
    }

    /** The seed of every random draw (faults, latencies, tokens): the same seed and requests give the same run. */
    public long seed() {
        return seed;
    }

    /** The clock that decides readiness, rate windows and expiry (the slow delay is always real time). */
    public Clock clock() {
        return clock;
    }

    /** The size of the HTTP thread pool. */
    public int httpThreads() {
        return httpThreads;
    }

    /**
     * Where the simulator keeps its tasks and counters, so that a restarted simulator answers for the
     * ids it issued before; empty (the default) keeps everything in memory only.
     */
    public Optional<Path> stateDir() {
        return Optional.ofNullable(stateDir);
    }

    /** How tasks submitted with a callback URL are called back (the simulator's {@code setPingbacks} changes it later). */
    public Pingbacks pingbacks() {
        return pingbacks;
    }

    /** The key, refused when blank: a blank key is never accepted, so requiring one would lock every client out. */
    static String checkedKey(String key) {
        if (key != null && key.isBlank()) {
            throw new InvalidSettingException("key", "\"" + key + "\"", "must not be blank");
        }
        return key;
    }

    /** Builder for {@link SimulatorSettings}; every default is set here and nowhere else. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private Latency latency = Latency.uniform(Duration.ofSeconds(1), Duration.ofSeconds(5));
        private Faults faults = Faults.none();
        private Duration slowDelay = Duration.ofSeconds(40);
        private Long balance = null;
        private Integer maxConcurrent = null;
        private String key = null;
        private int pollBudget = 20;
        private Integer submitRateLimit = null;
        private Duration resultTtl = null;
        private long seed = ThreadLocalRandom.current().nextLong();
        private Clock clock = Clock.systemUTC();
        private int httpThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        private Path stateDir = null;
        private Pingbacks pingbacks = Pingbacks.RELIABLE;
        private BigDecimal price = new BigDecimal("0.00299");

        private Builder() {
        }

        /** The address to listen on: an IP address or a host name of this machine. */
        public Builder host(String host) {
            if (host == null || host.isBlank()) {
                throw new InvalidSettingException("host", "\"" + host + "\"", "must be an address of this machine, e.g. 127.0.0.1 or 0.0.0.0");
            }
            this.host = host.strip();
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new InvalidSettingException("port", port, "must be 0 (any free port) to 65535");
            }
            this.port = port;
            return this;
        }

        public Builder latency(Latency latency) {
            this.latency = Objects.requireNonNull(latency, "latency");
            return this;
        }

        public Builder faults(Faults faults) {
            this.faults = Objects.requireNonNull(faults, "faults");
            return this;
        }

        public Builder slowDelay(Duration slowDelay) {
            Objects.requireNonNull(slowDelay, "slowDelay");
            if (slowDelay.isNegative() || slowDelay.isZero()) {
                throw new InvalidSettingException("slow-delay", DurationText.format(slowDelay), "must be above zero");
            }
            this.slowDelay = slowDelay;
            return this;
        }

        /** A balance of this many billable submits. */
        public Builder balance(long submits) {
            if (submits < 0) {
                throw new InvalidSettingException("balance", submits, "must be at least 0");
            }
            this.balance = submits;
            return this;
        }

        /** An unlimited balance (the default). */
        public Builder unlimitedBalance() {
            this.balance = null;
            return this;
        }

        public Builder maxConcurrent(int tasks) {
            this.maxConcurrent = atLeastOne("max-concurrent", tasks);
            return this;
        }

        /** Accept only this key; {@code null} accepts any non-blank key (the default). */
        public Builder key(String key) {
            this.key = checkedKey(key);
            return this;
        }

        public Builder pollBudget(int requestsPerTask) {
            this.pollBudget = atLeastOne("poll-budget", requestsPerTask);
            return this;
        }

        public Builder submitRateLimit(int submitsPerWindow) {
            this.submitRateLimit = atLeastOne("submit-rate-limit", submitsPerWindow);
            return this;
        }

        /** Keep finished answers retrievable this long; {@code null} keeps them forever (the default). */
        public Builder resultTtl(Duration ttl) {
            if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
                throw new InvalidSettingException("result-ttl", DurationText.format(ttl), "must be above zero");
            }
            this.resultTtl = ttl;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The clock for readiness, rate windows and expiry; a test may pass one it moves by hand. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder httpThreads(int threads) {
            this.httpThreads = atLeastOne("http-threads", threads);
            return this;
        }

        /**
         * Keep tasks and counters in this directory (created if missing) and continue from what is
         * there; {@code null} keeps them in memory only (the default). One simulator at a time may use
         * a directory.
         */
        public Builder stateDir(Path dir) {
            this.stateDir = dir;
            return this;
        }

        /** How to call back tasks submitted with a callback URL (default: every one, once, when ready). */
        public Builder pingbacks(Pingbacks p) {
            this.pingbacks = Objects.requireNonNull(p, "pingbacks");
            return this;
        }

        /** What one billed submit costs, in USD. */
        public Builder price(BigDecimal usd) {
            if (usd == null || usd.signum() <= 0) {
                throw new InvalidSettingException("price", usd, "must be above zero");
            }
            this.price = usd;
            return this;
        }

        public SimulatorSettings build() {
            return new SimulatorSettings(this);
        }

        private static int atLeastOne(String setting, int value) {
            if (value < 1) {
                throw new InvalidSettingException(setting, value, "must be at least 1");
            }
            return value;
        }
    }
}
