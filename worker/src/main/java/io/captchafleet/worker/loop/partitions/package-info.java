/**
 * What a worker keeps per owned partition number: the {@link io.captchafleet.worker.loop.partitions.PartitionBook}
 * owns an {@code OwnedPartition} each (start-up phase, offset trackers of its inputs — the task topics and the
 * verdicts —, its slice of the results table: open tasks whole, finished ones packed with their report stage,
 * paid submits, outcome offset and cost, a purged batch evicted at once with its spend —, each batch's spend and
 * the records held at a spend cap) and the pause reasons of their inputs; a partition is added and dropped there,
 * whole. Confined to the loop thread.
 */
package io.captchafleet.worker.loop.partitions;
