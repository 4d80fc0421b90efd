/**
 * The fleet's current state as the topics hold it, read with read_committed from the beginning: batch
 * manifests, the halt state folded from fleet events, and the latest outcome of every task kept in
 * compact form. Each reader is used from the thread of the command that made it.
 */
package io.captchafleet.producer.state;
