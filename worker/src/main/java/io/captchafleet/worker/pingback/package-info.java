/**
 * Provider callbacks ({@code pingback}): the HTTP handler behind {@code /pingback/<secret>} on the worker's
 * port, which checks the secret and the size and publishes each callback to {@code <prefix>.pingbacks}
 * (keyed by solver id, outside any transaction), and the follower thread of each process, which tails that
 * topic and hands every callback to the process's solver, the holder of the solver ids in flight. A callback
 * never submits anything: it completes a poll, or makes one due. Thread-safe; the follower owns its consumer.
 */
package io.captchafleet.worker.pingback;
