/**
 * Compact in-memory state for batches of millions of tasks: a 64-bit hash per task id and a primitive
 * open-addressing map, about 16 to 32 bytes per task instead of a few hundred for a
 * {@code HashMap<String, ...>}. Not thread-safe: each instance belongs to one thread (a command's, or a worker loop's).
 */
package io.captchafleet.common.compact;
