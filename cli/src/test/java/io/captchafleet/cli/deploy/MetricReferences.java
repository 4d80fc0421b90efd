package io.captchafleet.cli.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** Every PromQL expression in the alert rules and the dashboard, by where it is written, and the metrics it reads. */
final class MetricReferences {
    static final String ALERTS = "deploy/prometheus/alerts.yml";
    static final String DASHBOARD = "deploy/grafana/dashboards/captcha-fleet.json";

    private MetricReferences() {
    }

    /** Alert name to expression, from a file of Prometheus rule groups (or the groups of a PrometheusRule). */
    static Map<String, String> alertExpressions(Object groupsOwner, String groupsPath, String where) {
        Map<String, String> exprs = new LinkedHashMap<>();
        for (Object group : Y.list(groupsOwner, groupsPath, where)) {
            for (Object rule : Y.list(group, "rules", where)) {
                String name = Y.stringOrNull(rule, "alert") != null ? Y.stringOrNull(rule, "alert") : Y.stringOrNull(rule, "record");
                exprs.put(where + " " + name, Y.string(rule, "expr", where + " " + name));
            }
        }
        return exprs;
    }

    /** Panel title (and query id) to expression, every panel including those nested in rows. */
    static Map<String, String> dashboardExpressions(JsonNode dashboard) {
        Map<String, String> exprs = new LinkedHashMap<>();
        collect(dashboard.path("panels"), exprs);
        return exprs;
    }

    private static void collect(JsonNode panels, Map<String, String> exprs) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                exprs.put(DASHBOARD + " panel \"" + panel.path("title").asText() + "\" query " + target.path("refId").asText(),
                        target.path("expr").asText());
            }
            collect(panel.path("panels"), exprs);
        }
    }

    /** Every expression of the alert rules, the PrometheusRule and the dashboard. */
    static Map<String, String> all() {
        Map<String, String> exprs = new LinkedHashMap<>(alertExpressions(Repo.yaml(ALERTS), "groups", ALERTS));
        Object rule = new Kustomization().only("PrometheusRule");
        exprs.putAll(alertExpressions(rule, "spec.groups", "deploy/k8s/prometheusrule.yaml"));
        exprs.putAll(dashboardExpressions(Repo.json(DASHBOARD)));
        return exprs;
    }

    static Map<String, Set<String>> metricsByPlace() {
        Map<String, Set<String>> names = new LinkedHashMap<>();
        all().forEach((where, expr) -> names.put(where, Promql.metricNames(expr)));
        return names;
    }
}
