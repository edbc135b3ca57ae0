package org.odjc.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusPageTest {
    static final Instant NOW = Instant.parse("2026-12-01T02:30:00Z");
    static final String EVIL = "<script>alert('x')</script>\"&";

    static StatusView view(String deviceId, List<StatusView.Bucket> chart) {
        Readiness readiness = new Readiness(List.of(Readiness.Check.pass("configuration", "loaded"),
                Readiness.Check.fail("domain corp.example.test", "AD-006", "dc1: <connection refused>")));
        return new StatusView("c-1", "dev", NOW, "degraded", List.of("AD-006"), readiness,
                List.of(new StatusView.Diagnostic("dc", "dc1.corp.example.test:636", "FAIL", Optional.of("DIAG-003"),
                        "port closed <" + EVIL + ">")),
                Optional.of(NOW.minusSeconds(60)),
                List.of(new StatusView.RequestRow(NOW.minusSeconds(5), "r-1", deviceId, Optional.of("WS-ABC123"),
                        Optional.of("OU=Workstations,DC=corp,DC=example,DC=test"), Optional.of("dc1.corp.example.test"),
                        "DONE", Optional.empty(), Duration.ofMillis(183))),
                chart);
    }

    @Test
    void escapesEveryUntrustedValueSoNoMarkupFromARequestSurvives() {
        String html = StatusPage.render(view(EVIL, List.of()));

        assertThat(html).doesNotContain("<script").doesNotContain("alert('x')");
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;");
        assertThat(html).contains("dc1: &lt;connection refused&gt;");
        assertThat(html).contains("port closed &lt;&lt;script&gt;");
    }

    @Test
    void showsTheLastRequestsWithTimeDeviceNameOuDcOutcomeCodeAndLatency() {
        String html = StatusPage.render(view("device-42", List.of()));

        assertThat(html).contains("<th>time</th><th>request</th><th>device</th>");
        assertThat(html).contains("<tr data-request-id=\"r-1\"><td>2026-12-01 02:29:55Z</td><td><code>r-1</code></td><td>device-42</td>"
                + "<td>WS-ABC123</td><td>OU=Workstations,DC=corp,DC=example,DC=test</td><td>dc1.corp.example.test</td>"
                + "<td class=\"ok\">DONE</td><td></td><td>183 ms</td></tr>");
    }

    @Test
    void showsHealthReadinessAndTheDiagnosticsTable() {
        String html = StatusPage.render(view("d", List.of()));

        assertThat(html).contains("health <b class=\"bad\">degraded</b>").contains("<b class=\"bad\">not ready</b>");
        assertThat(html).contains("<td>domain corp.example.test</td><td class=\"bad\">failing</td><td>AD-006</td>");
        assertThat(html).contains("<td>dc</td><td>dc1.corp.example.test:636</td><td class=\"bad\">FAIL</td><td>DIAG-003</td>");
    }

    @Test
    void drawsOneBarGroupPerBucketWithItsCountsAndALatencyLine() {
        Duration w = Duration.ofMinutes(15);
        List<StatusView.Bucket> chart = List.of(
                new StatusView.Bucket(NOW.minus(w.multipliedBy(2)), w, 3, 1, Optional.of(Duration.ofMillis(200))),
                new StatusView.Bucket(NOW.minus(w), w, 0, 0, Optional.empty()),
                new StatusView.Bucket(NOW, w, 5, 0, Optional.of(Duration.ofMillis(100))));

        String html = StatusPage.render(view("d", chart));

        assertThat(html).contains("<svg id=\"chart\"").contains("data-total=\"9\"");
        assertThat(html).contains("data-requests=\"4\" data-failed=\"1\" data-mean-latency-ms=\"200\"");
        assertThat(html).contains("data-requests=\"0\" data-failed=\"0\" data-mean-latency-ms=\"\"");
        assertThat(html).contains("data-requests=\"5\" data-failed=\"0\" data-mean-latency-ms=\"100\"");
        assertThat(html).containsPattern("<polyline id=\"latency\"[^>]* points=\"[0-9.]+,[0-9.]+ [0-9.]+,[0-9.]+\"");
        assertThat(html).contains("Requests and latency, last 45 minutes");
        assertThat(html.split("<circle class=\"latency\"", -1)).as("a dot per mean").hasSize(3);
    }

    @Test
    void loadsNothingFromElsewhere() {
        String html = StatusPage.render(view("d", List.of()));

        assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//").doesNotContain("<script")
                .doesNotContain("<link");
    }

    @Test
    void aWithdrawnRequestIsShownMutedNotAsAFailureAndBidiOrControlCharactersAreVisibleEscapes() {
        StatusView v = view("abc\u202Eexe\u001b[2J", List.of());
        StatusView.RequestRow r = v.requests().get(0);
        StatusView cancelled = new StatusView(v.connectorId(), v.version(), v.generatedAt(), v.health(), v.recentCodes(),
                v.readiness(), v.diagnostics(), v.diagnosedAt(), List.of(new StatusView.RequestRow(r.time(), r.requestId(),
                        r.deviceId(), r.computerName(), r.ou(), r.dc(), "CANCELLED", Optional.of("CLOUD-001"), r.latency())),
                v.chart());

        String html = StatusPage.render(cancelled);

        assertThat(html).contains("<td class=\"muted\">CANCELLED</td>");
        assertThat(html).contains("abc\\u202eexe\\u001b[2J").doesNotContain("\u202E").doesNotContain("\u001b");
    }
}
