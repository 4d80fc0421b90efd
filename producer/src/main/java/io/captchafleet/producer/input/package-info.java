/**
 * Reading task files as streams, one task at a time: JSON Lines, a JSON array, CSV with a header row,
 * and the seed script's checkpoint file; detecting which one a file is; and validating each task's
 * parameters. Nothing here holds a whole file in memory. Readers are used from one thread.
 */
package io.captchafleet.producer.input;
