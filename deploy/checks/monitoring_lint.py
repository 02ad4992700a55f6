#!/usr/bin/env python3
"""Static checks of deploy/monitoring beyond what promtool does (called by monitoring-static.sh).

- the Grafana dashboard is valid JSON, uses the ${DS_PROMETHEUS} datasource variable everywhere,
  has unique panel ids and covers traffic, latency, 5xx, Kafka lag, outbox, targets by status, overdue reports;
- every PromQL expression of the dashboard parses: they are written (with Grafana's variables
  replaced) into a temporary recording-rule file that `promtool check rules` parses;
- every metric name used by the dashboard and the alert rules is one the platform exposes (the list
  below, from the monitoring issue and the code), so a typo in a metric name fails the check;
- the Grafana provisioning files parse and point where the compose file mounts the dashboards.
Exit 1 on any problem.
"""
import json, os, re, subprocess, sys, tempfile
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MON = os.path.join(ROOT, "deploy", "monitoring")
PROMTOOL = os.environ.get("PROMTOOL", "promtool")

KNOWN = {
    "up",
    "http_server_requests_seconds_count", "http_server_requests_seconds_sum", "http_server_requests_seconds_bucket",
    "http_server_requests_seconds_max",
    "jvm_memory_used_bytes", "agroal_active_count", "agroal_awaiting_count", "agroal_available_count",
    "kafka_consumer_fetch_manager_records_lag_max", "kafka_producer_record_error_total",
    "outbox_events_pending", "outbox_oldest_pending_age_seconds", "outbox_events_published_total", "outbox_publish_failures_total",
    "events_dead_lettered_total",
    "measurements_submitted_total", "import_rows_total", "progress_targets", "progress_targets_stale", "reports_overdue",
    "api_key_verifications_total",
    "gateway_requests_seconds_count", "gateway_requests_seconds_sum", "gateway_requests_seconds_bucket", "gateway_requests_seconds_max",
    "gateway_rate_limited_total", "gateway_auth_failures_total",
}
FUNCS = {"sum", "rate", "max", "min", "avg", "by", "without", "histogram_quantile", "delta", "deriv", "and", "or", "unless",
         "count", "increase", "irate", "offset", "bool", "on", "ignoring", "group_left", "group_right", "topk", "label_values",
         "abs", "clamp_min", "time", "vector", "scalar", "sort_desc", "absent"}
problems = []


def metric_names(expr):
    e = re.sub(r'\{[^}]*\}', '', expr)          # label matchers
    e = re.sub(r'"[^"]*"', '', e)               # strings
    e = re.sub(r'\[[^\]]*\]', '', e)            # ranges
    e = re.sub(r'\bby\s*\([^)]*\)', '', e)     # grouping labels
    e = re.sub(r'\bwithout\s*\([^)]*\)', '', e)
    names = set(re.findall(r'[A-Za-z_:][A-Za-z0-9_:]*', e)) - FUNCS
    return {n for n in names if not re.fullmatch(r'\d+[smhdwy]?|e', n)}


def grafana_to_promql(expr):
    expr = expr.replace("$__rate_interval", "5m").replace("$__interval", "1m").replace("$__range", "1h")
    return re.sub(r'\$\{?([A-Za-z_]+)\}?', '.*', expr)


# ---- dashboard
path = os.path.join(MON, "grafana", "fj-quality-dashboard.json")
try:
    dash = json.load(open(path, encoding="utf-8"))
except Exception as e:  # noqa: BLE001
    print(f"FAIL {path}: {e}")
    sys.exit(1)
tvars = {v["name"]: v for v in dash.get("templating", {}).get("list", [])}
if tvars.get("DS_PROMETHEUS", {}).get("type") != "datasource":
    problems.append("dashboard: no templating variable DS_PROMETHEUS of type datasource")
ids, exprs = set(), []
def walk(panels):
    for p in panels:
        if p.get("id") in ids:
            problems.append(f"dashboard: duplicate panel id {p.get('id')}")
        ids.add(p.get("id"))
        if p.get("type") != "row":
            ds = p.get("datasource", {})
            if ds.get("uid") != "${DS_PROMETHEUS}":
                problems.append(f"dashboard panel '{p.get('title')}': datasource is not ${{DS_PROMETHEUS}}")
            if not p.get("targets"):
                problems.append(f"dashboard panel '{p.get('title')}': no query")
            for t in p.get("targets", []):
                if t.get("datasource", {}).get("uid") != "${DS_PROMETHEUS}":
                    problems.append(f"dashboard panel '{p.get('title')}' query {t.get('refId')}: datasource is not ${{DS_PROMETHEUS}}")
                exprs.append((p.get("title"), t["expr"]))
        walk(p.get("panels", []))
walk(dash.get("panels", []))
for v in tvars.values():
    q = v.get("query")
    if isinstance(q, dict) and "label_values" in q.get("query", ""):
        m = re.match(r'label_values\((\w+)', q["query"])
        if m and m.group(1) not in KNOWN:
            problems.append(f"dashboard variable {v['name']}: unknown metric {m.group(1)}")
all_text = " ".join(e for _, e in exprs)
for needed, what in [("http_server_requests_seconds_count", "traffic"), ("histogram_quantile(0.99", "p99 latency"),
                     ("histogram_quantile(0.5", "p50 latency"), ('status=~"5.."', "5xx errors"),
                     ("kafka_consumer_fetch_manager_records_lag_max", "Kafka lag"), ("outbox_events_pending", "outbox backlog"),
                     ("progress_targets{", "targets by status"), ("reports_overdue", "overdue reports")]:
    if needed not in all_text:
        problems.append(f"dashboard: no panel for {what} ({needed})")

# ---- every dashboard expression parses (promtool check rules on recording rules)
rules = {"groups": [{"name": "dashboard", "rules": [
    {"record": f"dashboard:expr_{i}", "expr": grafana_to_promql(e)} for i, (_, e) in enumerate(exprs)]}]}
with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as f:
    yaml.safe_dump(rules, f)
    tmp = f.name
try:
    r = subprocess.run([PROMTOOL, "check", "rules", tmp], capture_output=True, text=True)
    if r.returncode != 0:
        problems.append("dashboard: a PromQL expression does not parse:\n" + r.stdout + r.stderr)
finally:
    os.unlink(tmp)

# ---- metric names in the dashboard and in the alert rules
for title, e in exprs:
    for n in metric_names(grafana_to_promql(e)) - KNOWN:
        problems.append(f"dashboard panel '{title}': unknown metric {n}")
alerts = yaml.safe_load(open(os.path.join(MON, "alerts.yml"), encoding="utf-8"))
alert_names = set()
for g in alerts["groups"]:
    for r in g["rules"]:
        alert_names.add(r.get("alert"))
        for n in metric_names(r["expr"]) - KNOWN:
            problems.append(f"alerts.yml {r.get('alert')}: unknown metric {n}")
        if "severity" not in r.get("labels", {}):
            problems.append(f"alerts.yml {r.get('alert')}: no severity label")
        for a in ("summary", "description"):
            if a not in r.get("annotations", {}):
                problems.append(f"alerts.yml {r.get('alert')}: no {a} annotation")
expected = {"ServiceDown", "HighErrorRatio", "OutboxBacklogGrowing", "KafkaConsumerLagHigh", "TargetOffTrack", "ReportsOverdue"}
if expected - alert_names:
    problems.append(f"alerts.yml: missing alerts {sorted(expected - alert_names)}")
tests = yaml.safe_load(open(os.path.join(MON, "alerts.test.yml"), encoding="utf-8"))
fired, quiet = set(), set()
for t in tests["tests"]:
    for c in t.get("alert_rule_test", []):
        (fired if c.get("exp_alerts") else quiet).add(c["alertname"])
for a in sorted(alert_names):
    if a not in fired:
        problems.append(f"alerts.test.yml: no test where {a} fires")
    if a not in quiet:
        problems.append(f"alerts.test.yml: no test where {a} stays quiet")

# ---- Grafana provisioning
ds = yaml.safe_load(open(os.path.join(MON, "grafana", "provisioning", "datasources", "prometheus.yml")))
if not any(d.get("type") == "prometheus" and d.get("isDefault") for d in ds.get("datasources", [])):
    problems.append("grafana provisioning: no default prometheus datasource")
prov = yaml.safe_load(open(os.path.join(MON, "grafana", "provisioning", "dashboards", "fj-quality.yml")))
if not any(p.get("type") == "file" and p.get("options", {}).get("path") for p in prov.get("providers", [])):
    problems.append("grafana provisioning: no file dashboard provider")

for p in problems:
    print("FAIL " + p)
if problems:
    sys.exit(1)
print(f"OK dashboard: {len(exprs)} queries parse, datasource ${{DS_PROMETHEUS}}, metric names known; "
      f"alerts: {len(alert_names)} alerts each tested firing and quiet; provisioning ok")
