/**
 * {@code captcha-fleet bench}: the benchmark scenarios of issue 7, each run on a fresh
 * {@link io.captchafleet.cli.fleet.Fleet} (broker and workers as processes, simulator in this JVM), each
 * reporting its parameters, its measured figures and its goals met or missed, beside the machine it ran
 * on, as {@code BENCHMARKS.md} tables and a JSON file.
 *
 * <p>Threading: scenarios run one after another on the command's thread; the only thread one starts is
 * {@code CommitTimes}'s results follower (scenario {@code pingback}); the Kafka clients and the in-process
 * simulator keep their own threads.
 */
package io.captchafleet.cli.bench;
