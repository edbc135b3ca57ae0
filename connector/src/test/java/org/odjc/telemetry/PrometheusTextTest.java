package org.odjc.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    @Test
    void writesHelpAndTypeOnceBeforeEachFamilysSamples() {
        MetricsRegistry r = new MetricsRegistry();
        MetricsRegistry.Counter c = r.counter("odjc_requests_total", "Requests finished, by outcome and code.",
                "outcome", "code");
        c.inc("succeeded", "");
        c.inc("succeeded", "");
        c.inc("failed", "PROV-001");
        r.gauge("odjc_ready", "1 when ready.", () -> 1.0);

        assertThat(PrometheusText.write(r.snapshot())).isEqualTo("""
                # HELP odjc_ready 1 when ready.
                # TYPE odjc_ready gauge
                odjc_ready 1
                # HELP odjc_requests_total Requests finished, by outcome and code.
                # TYPE odjc_requests_total counter
                odjc_requests_total{outcome="failed",code="PROV-001"} 1
                odjc_requests_total{outcome="succeeded",code=""} 2
                """);
    }

    @Test
    void escapesBackslashQuoteAndNewlineInLabelValuesAndBackslashNewlineInHelp() {
        MetricsRegistry r = new MetricsRegistry();
        r.counter("x_total", "a \\ b\nc \"quoted\"", "device").inc("a\\b\"c\nd");

        assertThat(PrometheusText.write(r.snapshot())).isEqualTo("""
                # HELP x_total a \\\\ b\\nc "quoted"
                # TYPE x_total counter
                x_total{device="a\\\\b\\"c\\nd"} 1
                """);
    }

    @Test
    void writesHistogramsAsCumulativeBucketsWithInfSumAndCount() {
        MetricsRegistry r = new MetricsRegistry();
        MetricsRegistry.Histogram h = r.histogram("lat_seconds", "Latency.", new double[] {0.1, 0.5, 2.5});
        h.observe(0.05);
        h.observe(0.1); // a bound is inclusive: le means "less or equal"
        h.observe(0.3);
        h.observe(10);

        assertThat(PrometheusText.write(r.snapshot())).isEqualTo("""
                # HELP lat_seconds Latency.
                # TYPE lat_seconds histogram
                lat_seconds_bucket{le="0.1"} 2
                lat_seconds_bucket{le="0.5"} 3
                lat_seconds_bucket{le="2.5"} 3
                lat_seconds_bucket{le="+Inf"} 4
                lat_seconds_sum 10.45
                lat_seconds_count 4
                """);
        assertThat(h.count()).isEqualTo(4);
    }

    @Test
    void spellsSpecialValuesAsPrometheusDoes() {
        assertThat(PrometheusText.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(PrometheusText.number(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(PrometheusText.number(Double.NaN)).isEqualTo("NaN");
        assertThat(PrometheusText.number(-3)).isEqualTo("-3");
        assertThat(PrometheusText.number(0.005)).isEqualTo("0.005");
    }

    @Test
    void labelledGaugesAreWrittenInAStableOrder() {
        MetricsRegistry r = new MetricsRegistry();
        r.gauge("g", "G.", () -> Map.of(List.of("b"), 2.0, List.of("a"), 1.0), "k");

        assertThat(PrometheusText.write(r.snapshot())).endsWith("g{k=\"a\"} 1\ng{k=\"b\"} 2\n");
    }

    @Test
    void refusesInvalidNamesWrongLabelCountsDuplicatesAndCountersGoingDown() {
        MetricsRegistry r = new MetricsRegistry();
        MetricsRegistry.Counter c = r.counter("ok_total", "Ok.", "a");

        assertThatThrownBy(() -> r.counter("bad-name", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.counter("y_total", "x", "le")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.counter("ok_total", "x", "a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.inc("1", "2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.add(-1, "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.histogram("h", "x", new double[] {1, 1})).isInstanceOf(IllegalArgumentException.class);
        assertThat(c.value("1")).isZero();
    }
}
