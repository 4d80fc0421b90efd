/**
 * What a worker keeps per owned partition number: the {@link io.captchafleet.worker.loop.partitions.PartitionBook}
 * owns an {@code OwnedPartition} each (start-up phase, offset trackers of its inputs — the task topics and the
 * verdicts —, its slice of the results table with each batch's spend, the records held at a spend cap) and the
 * pause reasons of their inputs; a partition is added and dropped there, whole.
 * Confined to the loop thread.
 */
package io.captchafleet.worker.loop.partitions;
