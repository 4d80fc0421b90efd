/**
 * {@code results}: the latest outcome of every task of a batch, exported from the compacted results
 * topic as JSON Lines, CSV or the seed's checkpoint JSON, optionally followed as new outcomes commit.
 * An export runs on the calling thread; {@link io.captchafleet.producer.export.ResultsExporter#stop()}
 * may be called from any thread (a shutdown hook) to end a follow.
 */
package io.captchafleet.producer.export;
