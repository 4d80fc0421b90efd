/**
 * {@code captcha-fleet bench}: the benchmark scenarios of issues 7, 13 and 15, each run on a fresh
 * {@link io.captchafleet.cli.fleet.Fleet} (broker and workers as processes, simulator in this JVM), each
 * reporting what it measures, its parameters, its measured figures and its goals met or missed, beside the
 * machine it ran on, as {@code BENCHMARKS.md} tables and a JSON file. The makespan scenario runs {@code local}
 * as its own process and, after it, the seed script's naive thread pool ({@code NaiveBaseline}).
 *
 * <p>Threading: scenarios run one after another on the command's thread; the only threads one starts are the naive
 * baseline's pool (scenario {@code makespan}, joined before it returns) and {@code CommitTimes}'s results follower
 * (scenario {@code pingback}); the Kafka clients and the in-process simulator keep their own threads.
 */
package io.captchafleet.cli.bench;
