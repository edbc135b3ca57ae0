package org.odjc.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.odjc.domain.Printable;

/**
 * Renders the status page: one self-contained HTML document (inline CSS and SVG, no script, no
 * external asset, so it works without internet access and under a {@code default-src 'none'}
 * policy). Every value is HTML-escaped: device ids, names and details come from requests and
 * directories and are untrusted. Times are UTC. Stateless and thread-safe.
 */
public final class StatusPage {
    static final int CHART_WIDTH = 720;
    static final int CHART_HEIGHT = 180;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private StatusPage() {
    }

    public static String render(StatusView v) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"30\">")
                .append("<title>odjc ").append(esc(v.connectorId())).append(" status</title><style>")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}")
                .append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:2px 8px;")
                .append("text-align:left;vertical-align:top}th{background:#f3f3f3}.ok{color:#176b2c}.bad{color:#b00020}")
                .append(".warn{color:#8a5a00}.muted{color:#777}code{font-size:13px}h2{margin-bottom:.2em}")
                .append("</style></head><body>\n");
        boolean ready = v.readiness().ready();
        h.append("<h1>ODJ Connector <code>").append(esc(v.connectorId())).append("</code></h1>\n")
                .append("<p id=\"summary\">Version ").append(esc(v.version())).append(" &middot; health <b class=\"")
                .append(v.health().equals("ok") ? "ok" : "bad").append("\">").append(esc(v.health())).append("</b>")
                .append(" &middot; <b class=\"").append(ready ? "ok" : "bad").append("\">")
                .append(ready ? "ready" : "not ready").append("</b>");
        if (!v.recentCodes().isEmpty()) {
            h.append(" &middot; recent codes ").append(esc(String.join(", ", v.recentCodes())));
        }
        h.append(" &middot; <span class=\"muted\">").append(TIME.format(v.generatedAt())).append("</span></p>\n");

        h.append("<h2>Health</h2>\n<table id=\"health\"><tr><th>check</th><th>state</th><th>code</th><th>detail</th></tr>\n");
        for (Readiness.Check c : v.readiness().checks()) {
            h.append("<tr><td>").append(esc(c.name())).append("</td><td class=\"").append(c.ok() ? "ok" : "bad").append("\">")
                    .append(c.ok() ? "ok" : "failing").append("</td><td>").append(esc(c.code().orElse("")))
                    .append("</td><td>").append(esc(c.detail())).append("</td></tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Requests and latency, last ").append(hours(v.chart())).append("</h2>\n");
        chart(h, v.chart());

        h.append("<h2>Last requests</h2>\n<table id=\"requests\"><tr><th>time</th><th>request</th><th>device</th><th>name</th>")
                .append("<th>OU</th>")
                .append("<th>DC</th><th>outcome</th><th>code</th><th>latency</th></tr>\n");
        for (StatusView.RequestRow r : v.requests()) {
            h.append("<tr data-request-id=\"").append(esc(r.requestId())).append("\"><td>").append(TIME.format(r.time()))
                    .append("</td><td><code>").append(esc(r.requestId())).append("</code></td><td>").append(esc(r.deviceId())).append("</td><td>").append(esc(r.computerName().orElse("")))
                    .append("</td><td>").append(esc(r.ou().orElse("(default)"))).append("</td><td>").append(esc(r.dc().orElse("")))
                    .append("</td><td class=\"").append(outcomeClass(r.state())).append("\">").append(esc(r.state()))
                    .append("</td><td>").append(esc(r.code().orElse(""))).append("</td><td>").append(millis(r.latency()))
                    .append("</td></tr>\n");
        }
        if (v.requests().isEmpty()) {
            h.append("<tr><td colspan=\"9\" class=\"muted\">no requests yet</td></tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Diagnostics</h2>\n<p class=\"muted\">")
                .append(v.diagnosedAt().map(t -> "last run " + TIME.format(t)).orElse("not run yet"))
                .append("</p>\n<table id=\"diagnostics\"><tr><th>check</th><th>target</th><th>status</th><th>code</th>")
                .append("<th>finding</th></tr>\n");
        for (StatusView.Diagnostic d : v.diagnostics()) {
            h.append("<tr><td>").append(esc(d.check())).append("</td><td>").append(esc(d.target())).append("</td><td class=\"")
                    .append(switch (d.status()) {
                        case "PASS" -> "ok";
                        case "FAIL" -> "bad";
                        case "WARN" -> "warn";
                        default -> "muted";
                    }).append("\">").append(esc(d.status())).append("</td><td>").append(esc(d.code().orElse("")))
                    .append("</td><td>").append(esc(d.detail())).append("</td></tr>\n");
        }
        h.append("</table>\n<p class=\"muted\">Machine-readable: <a href=\"/metrics\">/metrics</a> &middot; ")
                .append("<a href=\"/readyz\">/readyz</a> &middot; <a href=\"/healthz\">/healthz</a></p>\n</body></html>\n");
        return h.toString();
    }

    /**
     * Bars of requests per bucket (finished ones, failed stacked in red) and a line of their mean
     * latency on its own scale; every bucket carries its numbers in {@code data-} attributes and a
     * tooltip.
     */
    private static void chart(StringBuilder h, List<StatusView.Bucket> buckets) {
        int total = buckets.stream().mapToInt(StatusView.Bucket::total).sum();
        int maxCount = Math.max(1, buckets.stream().mapToInt(StatusView.Bucket::total).max().orElse(0));
        long maxMs = Math.max(1, buckets.stream().flatMap(b -> b.meanLatency().stream()).mapToLong(Duration::toMillis)
                .max().orElse(0));
        int left = 40;
        int right = 56;
        int top = 10;
        int bottom = 22;
        int plotW = CHART_WIDTH - left - right;
        int plotH = CHART_HEIGHT - top - bottom;
        double slot = buckets.isEmpty() ? plotW : (double) plotW / buckets.size();
        h.append("<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(CHART_WIDTH).append("\" height=\"")
                .append(CHART_HEIGHT).append("\" role=\"img\" aria-label=\"requests and mean latency per interval\" ")
                .append("data-total=\"").append(total).append("\" style=\"border:1px solid #ddd;background:#fff\">\n");
        h.append("<text x=\"4\" y=\"").append(top + 10).append("\" font-size=\"11\" fill=\"#555\">").append(maxCount)
                .append("</text><text x=\"4\" y=\"").append(top + plotH).append("\" font-size=\"11\" fill=\"#555\">0</text>")
                .append("<text x=\"").append(CHART_WIDTH - right + 4).append("\" y=\"").append(top + 10)
                .append("\" font-size=\"11\" fill=\"#1f4fa8\">").append(maxMs).append(" ms</text>\n");
        StringBuilder line = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (int i = 0; i < buckets.size(); i++) {
            StatusView.Bucket b = buckets.get(i);
            double x = left + i * slot;
            double okH = plotH * (double) b.succeeded() / maxCount;
            double failH = plotH * (double) b.failed() / maxCount;
            double base = top + plotH;
            String latency = b.meanLatency().map(d -> Long.toString(d.toMillis())).orElse("");
            h.append("<g class=\"bucket\" data-start=\"").append(b.start()).append("\" data-requests=\"").append(b.total())
                    .append("\" data-failed=\"").append(b.failed()).append("\" data-mean-latency-ms=\"").append(latency)
                    .append("\"><title>").append(CLOCK.format(b.start())).append("\u2013")
                    .append(CLOCK.format(b.start().plus(b.width()))).append(": ").append(b.total()).append(" requests, ")
                    .append(b.failed()).append(" failed").append(latency.isEmpty() ? "" : ", mean " + latency + " ms")
                    .append("</title>");
            if (b.succeeded() > 0) {
                rect(h, x + 1, base - okH - failH, slot - 2, okH, "#3c9d5d");
            }
            if (b.failed() > 0) {
                rect(h, x + 1, base - failH, slot - 2, failH, "#c62828");
            }
            h.append("</g>\n");
            if (b.meanLatency().isPresent()) {
                double y = base - plotH * (double) b.meanLatency().get().toMillis() / maxMs;
                line.append(line.isEmpty() ? "" : " ").append(fmt(x + slot / 2)).append(',').append(fmt(y));
                // a lone point draws no line: each mean also gets a dot
                dots.append("<circle class=\"latency\" cx=\"").append(fmt(x + slot / 2)).append("\" cy=\"")
                        .append(fmt(y)).append("\" r=\"3\" fill=\"#1f4fa8\"/>");
            }
            if (i % Math.max(1, buckets.size() / 6) == 0) {
                h.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(CHART_HEIGHT - 6)
                        .append("\" font-size=\"11\" fill=\"#555\">").append(CLOCK.format(b.start())).append("</text>\n");
            }
        }
        if (!line.isEmpty()) {
            h.append("<polyline id=\"latency\" fill=\"none\" stroke=\"#1f4fa8\" stroke-width=\"2\" points=\"").append(line)
                    .append("\"/>\n");
        }
        h.append(dots).append('\n');
        h.append("<line x1=\"").append(left).append("\" y1=\"").append(top + plotH).append("\" x2=\"").append(left + plotW)
                .append("\" y2=\"").append(top + plotH).append("\" stroke=\"#999\"/>\n</svg>\n")
                .append("<p class=\"muted\">Bars: requests received per interval (green done, red failed); ")
                .append("blue line: their mean latency.</p>\n");
    }

    private static void rect(StringBuilder h, double x, double y, double w, double height, String fill) {
        h.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(fmt(y)).append("\" width=\"")
                .append(fmt(Math.max(1, w))).append("\" height=\"").append(fmt(height)).append("\" fill=\"").append(fill)
                .append("\"/>");
    }

    private static String hours(List<StatusView.Bucket> chart) {
        Duration span = chart.stream().map(StatusView.Bucket::width).reduce(Duration.ZERO, Duration::plus);
        return span.toMinutes() % 60 == 0 ? span.toHours() + " hours" : span.toMinutes() + " minutes";
    }

    private static String outcomeClass(String state) {
        return switch (state) {
            case "DONE" -> "ok";
            case "FAILED" -> "bad";
            case "CANCELLED", "EXPIRED" -> "muted"; // withdrawn by the dispatcher: not ours to finish, not a failure
            default -> "warn";
        };
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /**
     * HTML-escapes text for element content and double-quoted attribute values, after making
     * control, bidi and line-separator characters visible escapes ({@link Printable}): a device
     * id cannot reorder or break what the page shows.
     */
    static String esc(String raw) {
        String s = Printable.escape(raw);
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n') {
                        b.append("&#xFFFD;"); // control characters are not allowed in HTML text
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
