package io.captchafleet.sandbox.simulator;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The reports one solver id received, as {@code GET /stats/reports} serves them under the id: how often its
 * answer was reported bad and good. A client that reports each answer once shows 1 and 0 (or 0 and 1).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReportCounts(long bad, long good) {
}
