/**
 * A whole fleet on one machine for the chaos tests and {@code captcha-fleet bench}: the embedded broker
 * and the workers each as their own JVM running the real {@code captcha-fleet.jar} (so they can be
 * killed with SIGKILL), the solver simulator in the calling JVM (its billing counters survive every
 * kill), and Kafka access for submitting batches and auditing the results topic.
 *
 * <p>Threading: every class is driven by one harness thread; {@link io.captchafleet.cli.fleet.ChildProcess}
 * collects a child's standard output on a daemon thread of its own and is safe to read from any thread.
 */
package io.captchafleet.cli.fleet;
