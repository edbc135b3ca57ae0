"""Parses a Prometheus text exposition with the Prometheus Python client's parser
(Debian: python3-prometheus-client) and prints its samples as JSON lines; exits 1 with a message
when the parser refuses the text or a family breaks the format's rules the parser lets through
(a family without HELP or TYPE, histogram buckets that are not cumulative or disagree with _count)."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

text = sys.stdin.read()
helps = {l.split(' ')[2] for l in text.splitlines() if l.startswith('# HELP ')}
types = {l.split(' ')[2] for l in text.splitlines() if l.startswith('# TYPE ')}
try:
    families = list(text_string_to_metric_families(text))
except Exception as e:  # the parser's own refusal is the finding
    sys.exit('parser refused the exposition: %r' % (e,))
for f in families:
    if f.type == 'unknown':
        sys.exit('family %s has no TYPE' % f.name)
    declared = f.name + '_total' if f.type == 'counter' else f.name
    if declared not in helps and f.name not in helps:
        sys.exit('family %s has no HELP' % f.name)
    if f.type == 'histogram':
        series = {}
        for s in f.samples:
            key = tuple(sorted((k, v) for k, v in s.labels.items() if k != 'le'))
            series.setdefault(key, {'buckets': [], 'count': None})
            if s.name.endswith('_bucket'):
                series[key]['buckets'].append((float(s.labels['le']), s.value))
            elif s.name.endswith('_count'):
                series[key]['count'] = s.value
        for key, v in series.items():
            values = [c for _, c in sorted(v['buckets'])]
            if values != sorted(values) or not v['buckets'] or sorted(v['buckets'])[-1][0] != float('inf') \
                    or values[-1] != v['count']:
                sys.exit('histogram %s%s: buckets %s, count %s' % (f.name, key, v['buckets'], v['count']))
    for s in f.samples:
        print(json.dumps({'family': f.name, 'type': f.type, 'name': s.name, 'labels': s.labels, 'value': s.value}))
