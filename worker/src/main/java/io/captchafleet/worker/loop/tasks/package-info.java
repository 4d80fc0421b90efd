/**
 * The tasks a worker is working on: the {@link io.captchafleet.worker.loop.tasks.TaskBook} owns them, and a
 * task's {@link io.captchafleet.worker.loop.tasks.Stage} changes only through its methods, which keep every
 * count exact (per batch too: the tasks holding a share of its spend cap). The idempotence rule ({@code Decision}) lives here too. A task resumed from its outcome has
 * no input record until it is read: it can be polled, never submitted. Confined to the loop thread.
 */
package io.captchafleet.worker.loop.tasks;
