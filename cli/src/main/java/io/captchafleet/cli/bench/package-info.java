/**
 * {@code captcha-fleet bench}: the benchmark scenarios of issues 7 and 13, each run on a fresh
 * {@link io.captchafleet.cli.fleet.Fleet} (broker and workers as processes, simulator in this JVM), each
 * reporting what it measures, its parameters, its measured figures and its goals met or missed, beside the
 * machine it ran on, as {@code BENCHMARKS.md} tables and a JSON file. The makespan scenario runs {@code local}
 * as its own process and, after it, the seed script's naive thread pool ({@code NaiveBaseline}).
 *
 * <p>Threading: scenarios run one after another on the command's thread; only the naive baseline starts threads of
 * its own (its pool, joined before it returns); the Kafka clients and the in-process simulator keep their own threads.
 */
package io.captchafleet.cli.bench;
