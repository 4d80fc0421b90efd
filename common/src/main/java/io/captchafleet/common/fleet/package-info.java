/**
 * The fleet's halt state as folded from the fatal-errors topic. Immutable; shared by the workers'
 * halt watchers and the operator commands.
 */
package io.captchafleet.common.fleet;
