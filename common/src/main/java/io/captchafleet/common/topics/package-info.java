/**
 * Topic layout and creation: names from a prefix and the retry tiers, their settings, and idempotent
 * creation that refuses to touch topics that do not match. Layout and settings are immutable; a
 * {@link io.captchafleet.common.topics.TopicCreator} is used from one thread.
 */
package io.captchafleet.common.topics;
