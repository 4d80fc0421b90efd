/**
 * What a worker keeps per owned partition number: the {@link io.captchafleet.worker.loop.partitions.PartitionBook}
 * owns an {@code OwnedPartition} each (start-up phase, offset trackers of its inputs, its slice of the
 * results table: open tasks whole, finished ones as status and generation, a purged batch evicted at once)
 * and the pause reasons of their inputs; a partition is added and dropped there, whole.
 * Confined to the loop thread.
 */
package io.captchafleet.worker.loop.partitions;
