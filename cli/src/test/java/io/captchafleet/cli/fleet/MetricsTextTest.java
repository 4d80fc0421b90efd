package io.captchafleet.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsTextTest {
    private static final String SCRAPE = String.join("\n",
            "# HELP jvm_memory_used_bytes The amount of used memory",
            "# TYPE jvm_memory_used_bytes gauge",
            "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\",instance=\"w-1\"} 1048576.0",
            "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Old Gen\",instance=\"w-1\"} 2097152.0",
            "jvm_memory_used_bytes{area=\"nonheap\",id=\"Metaspace\",instance=\"w-1\"} 5.0E7",
            "captcha_fleet_halted{instance=\"w-1\"} 1.0",
            "captcha_fleet_api_errors_total{category=\"transient\",code=\"HTTP_5XX\"} 3.0",
            "captcha_fleet_api_errors_total{category=\"task\",code=\"ERROR_CAPTCHA_UNSOLVABLE\"} 2.0",
            "broken_line_without_value",
            "");

    @Test
    void sumsEverySeriesOfANameWhoseLabelsMatch() {
        MetricsText m = MetricsText.parse(SCRAPE);

        assertThat(m.sum("jvm_memory_used_bytes", "area=\"heap\"")).isEqualTo(3145728.0);
        assertThat(m.sum("captcha_fleet_api_errors_total")).isEqualTo(5.0);
        assertThat(m.sum("captcha_fleet_api_errors_total", "category=\"transient\"")).isEqualTo(3.0);
        assertThat(m.sum("captcha_fleet_halted")).isEqualTo(1.0);
    }

    @Test
    void aMissingNameSumsToZeroAndIsNotPresent() {
        MetricsText m = MetricsText.parse(SCRAPE);

        assertThat(m.sum("captcha_fleet_in_flight")).isZero();
        assertThat(m.has("captcha_fleet_in_flight")).isFalse();
        assertThat(m.has("captcha_fleet_halted")).isTrue();
    }
}
