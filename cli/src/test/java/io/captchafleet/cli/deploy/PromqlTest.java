package io.captchafleet.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromqlTest {

    @Test
    void functionsLabelMatchersAndRangesAreNotMetricNames() {
        assertThat(Promql.metricNames("sum(rate(captcha_fleet_tasks_finished_total{status=\"failed\",category=~\"task|invalid\"}[15m]))"))
                .containsExactly("captcha_fleet_tasks_finished_total");
    }

    @Test
    void aggregationsWithGroupingBeforeTheirParenthesisAreNotMetricNames() {
        assertThat(Promql.metricNames("histogram_quantile(0.99, sum by (le, instance) (rate(captcha_fleet_solve_seconds_bucket[$__rate_interval])))"))
                .containsExactly("captcha_fleet_solve_seconds_bucket");
        assertThat(Promql.metricNames("sum without (worker) (captcha_fleet_in_flight) offset 5m"))
                .containsExactly("captcha_fleet_in_flight");
    }

    @Test
    void bothSidesOfVectorMatchingAreRead() {
        assertThat(Promql.metricNames("min by (instance) (captcha_fleet_concurrency_limit) <= 1\n  and on (instance)\n"
                + "sum by (instance) (rate(captcha_fleet_api_errors_total{category=\"transient\"}[5m])) > 0"))
                .containsExactly("captcha_fleet_api_errors_total", "captcha_fleet_concurrency_limit");
        assertThat(Promql.metricNames("a_total / on(job) group_left(version) b_info * 1e3 > bool 0.5"))
                .containsExactly("a_total", "b_info");
    }

    @Test
    void stringsWithBracesAndVariablesDoNotLeakNames() {
        assertThat(Promql.metricNames("label_replace(up_metric{job=\"x}y\"}, \"dst\", \"$1\", \"src\", \"(.*)\") or ${datasource_metric}"))
                .containsExactly("up_metric");
        assertThat(Promql.metricNames("deriv(sum(kafka_consumer_fetch_manager_records_lag{topic=~\".+[.]tasks\"})[10m:1m]) > 0"))
                .containsExactly("kafka_consumer_fetch_manager_records_lag");
    }

    @Test
    void absentAndSubqueriesKeepTheirMetric() {
        assertThat(Promql.metricNames("absent(captcha_fleet_halted)")).containsExactly("captcha_fleet_halted");
        assertThat(Promql.metricNames("max_over_time(captcha_fleet_halted[1h:5m]) # comment naming not_a_metric"))
                .containsExactly("captcha_fleet_halted");
    }
}
