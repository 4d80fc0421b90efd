/**
 * The wire model: tasks, outcomes, fleet events and batch manifests as immutable records. Their JSON
 * form (snake_case, {@code "v": 1}) lives in {@code io.captchafleet.common.serde}.
 */
package io.captchafleet.common.model;
