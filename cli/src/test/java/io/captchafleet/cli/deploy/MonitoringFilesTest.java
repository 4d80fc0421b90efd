package io.captchafleet.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The alert rules and the dashboard have what the issue asks for, in a shape Prometheus and Grafana load. */
class MonitoringFilesTest {
    static final List<String> ALERTS = List.of("CaptchaFleetHalted", "CaptchaFleetFailureRatioHigh", "CaptchaFleetLagRising",
            "CaptchaFleetNoWorkerUp", "CaptchaFleetApiPushBack");
    static final List<String> PANELS = List.of("Throughput by outcome", "Failure reasons", "Solve time percentiles", "In flight",
            "Consumer lag", "Retries by tier", "Dead letters", "Halt state", "Concurrency limit", "API requests per solved task");

    private final Map<String, Object> alerts = Repo.yaml(MetricReferences.ALERTS);
    private final JsonNode dashboard = Repo.json(MetricReferences.DASHBOARD);

    @Test
    void everyRequiredAlertHasAnExpressionASeverityAndASummary() {
        Map<String, Object> byName = new java.util.LinkedHashMap<>();
        for (Object group : Y.list(alerts, "groups", MetricReferences.ALERTS)) {
            assertThat(Y.string(group, "name", "group")).isNotBlank();
            for (Object rule : Y.list(group, "rules", MetricReferences.ALERTS)) {
                String name = Y.string(rule, "alert", MetricReferences.ALERTS + " rule");
                assertThat(byName.put(name, rule)).as("alert %s defined twice", name).isNull();
                assertThat(Y.string(rule, "expr", name)).isNotBlank();
                assertThat(Y.string(rule, "labels.severity", name)).isIn("critical", "warning");
                assertThat(Y.string(rule, "annotations.summary", name)).isNotBlank();
                if (Y.find(rule, "for") != null) {
                    GoDuration.parse(Y.string(rule, "for", name), name + " for");
                }
            }
        }
        assertThat(byName).containsKeys(ALERTS.toArray(String[]::new));
        assertThat(GoDuration.parse(Y.string(byName.get("CaptchaFleetLagRising"), "for", "lag"), "lag").toMinutes()).isEqualTo(10);
        assertThat(Y.string(byName.get("CaptchaFleetApiPushBack"), "expr", "push-back")).contains("captcha_fleet_concurrency_limit");
        assertThat(Y.string(byName.get("CaptchaFleetHalted"), "expr", "halted")).contains("captcha_fleet_halted");
    }

    @Test
    void theDashboardIsPlainJsonWithTopLevelPanelsForEveryRequiredView() {
        assertThat(dashboard.has("dashboard")).as("a plain dashboard, not an API export wrapper").isFalse();
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        JsonNode panels = dashboard.path("panels");
        assertThat(panels.isArray() && panels.size() > 0).as("top-level panels").isTrue();
        List<String> titles = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            titles.add(title);
            assertThat(ids.add(panel.path("id").asInt())).as("panel id of %s is unique", title).isTrue();
            assertThat(panel.path("gridPos").has("w")).as("%s has a grid position", title).isTrue();
            assertThat(panel.path("targets").size()).as("%s has queries", title).isPositive();
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
            panel.path("targets").forEach(t -> assertThat(t.path("expr").asText()).as(title).isNotBlank());
        }
        assertThat(titles).containsAll(PANELS);
    }

    @Test
    void theDashboardsDataSourceVariablePicksAPrometheusAndTheProvisionedOneIsTheDefault() {
        JsonNode variable = dashboard.path("templating").path("list").get(0);
        assertThat(variable.path("name").asText()).isEqualTo("datasource");
        assertThat(variable.path("type").asText()).isEqualTo("datasource");
        assertThat(variable.path("query").asText()).isEqualTo("prometheus");
        Object datasource = Y.list(Repo.yaml("deploy/grafana/provisioning/datasources/prometheus.yml"), "datasources", "datasources").get(0);
        assertThat(Y.string(datasource, "type", "datasource")).isEqualTo("prometheus");
        assertThat(Y.string(datasource, "isDefault", "datasource")).isEqualTo("true");
    }
}
