#!/usr/bin/env bash
# deploy/checks/monitoring-live.sh: deploy/monitoring/prometheus.yml against the running local stack.
#
#   deploy/stack up                       # first (docs/local-stack.md)
#   deploy/checks/monitoring-live.sh      # then this
#
# Starts a real Prometheus (Debian's `prometheus` binary; installed when missing) on 127.0.0.1:9090
# (MONITORING_PROM_PORT) with deploy/monitoring/prometheus.yml (its targets moved to the stack's STACK_*_PORT,
# from the environment or the stack's config.env) and a temporary storage directory,
# sends a few requests through the gateway (one with the stack's admin key, one with a wrong key)
# so that the request counters exist, and asserts through Prometheus' HTTP API that
#   - every scrape job of a module that has a jar is `up` (modules without a jar are skipped, and named),
#   - the alert rules are loaded and healthy,
#   - the metrics those modules define so far are there: outbox gauges/counters per service, JVM,
#     reports_overdue, progress_targets{,_stale} once targets-service defines them, gateway_requests,
#     gateway_auth_failures, api_key_verifications; others (lag, imports, ...) are listed when present.
# Then stops Prometheus and removes its storage. Loopback only; bounded by MONITORING_LIVE_TIMEOUT (120 s).
# Exit: 0 ok, 1 a check failed, 2 cannot run (stack not running, port busy, no prometheus).
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(cd "$HERE/../.." && pwd -P)
PORT=${MONITORING_PROM_PORT:-9090}
TIMEOUT=${MONITORING_LIVE_TIMEOUT:-120}
STACK_DIR=${STACK_DIR:-$REPO/.stack}
START=$SECONDS

# shellcheck source=deploy/checks/lib-apt.sh
. "$HERE/lib-apt.sh"
ensure_cmd prometheus prometheus || exit 2
command -v curl >/dev/null || { echo "curl is missing" >&2; exit 2; }

# The stack's ports: the environment's STACK_*_PORT, else the ones the running stack saved in its config.env
# (deploy/stack up writes it), else the defaults; prometheus.yml's 127.0.0.1:808x targets are rewritten to them.
stack_port() {
  local name=$1 default=$2 value=${!1:-}
  if [[ -z $value && -r $STACK_DIR/config.env ]]; then value=$(sed -n "s/^$name=\([0-9]*\)\$/\1/p" "$STACK_DIR/config.env" | tail -1); fi
  echo "${value:-$default}"
}
declare -A PORT_OF=([units-service]=$(stack_port STACK_UNITS_PORT 8081) [targets-service]=$(stack_port STACK_TARGETS_PORT 8082)
                    [reports-service]=$(stack_port STACK_REPORTS_PORT 8083) [gateway]=$(stack_port STACK_GATEWAY_PORT 8080))
expected=() skipped=()
for m in units-service targets-service reports-service gateway; do
  if [[ -f $REPO/$m/target/quarkus-app/quarkus-run.jar ]]; then expected+=("$m")
  else skipped+=("$m"); fi
done
((${#skipped[@]})) && echo "skipped (no $REPO/<module>/target/quarkus-app/quarkus-run.jar): ${skipped[*]}"
((${#expected[@]})) || { echo "no module is built; nothing to check" >&2; exit 2; }
alive=0
for m in "${expected[@]}"; do curl -s -m 2 -o /dev/null "http://127.0.0.1:${PORT_OF[$m]}/q/health/live" && alive=1; done
if ((!alive)); then
  echo "the local stack is not running (deploy/stack status); start it with deploy/stack up" >&2
  exit 2
fi
if curl -s -m 2 -o /dev/null "http://127.0.0.1:$PORT/"; then
  echo "127.0.0.1:$PORT is already in use; set MONITORING_PROM_PORT to a free port" >&2
  exit 2
fi

TMP=$(mktemp -d /tmp/fjq-prometheus.XXXXXX)
PROM_PID=
# shellcheck disable=SC2317  # run by the EXIT trap: shellcheck 0.9 takes its body for unreachable
cleanup() {
  if [[ -n $PROM_PID ]] && kill -0 "$PROM_PID" 2>/dev/null; then
    kill "$PROM_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$PROM_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$PROM_PID" 2>/dev/null
    wait "$PROM_PID" 2>/dev/null
    echo "prometheus (pid $PROM_PID) stopped"
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# The same configuration beside its rules, with the scrape targets on the stack's ports.
cp "$REPO/deploy/monitoring/alerts.yml" "$TMP/alerts.yml"
sed -e "s/127\.0\.0\.1:8081'/127.0.0.1:${PORT_OF[units-service]}'/" -e "s/127\.0\.0\.1:8082'/127.0.0.1:${PORT_OF[targets-service]}'/" \
    -e "s/127\.0\.0\.1:8083'/127.0.0.1:${PORT_OF[reports-service]}'/" -e "s/127\.0\.0\.1:8080'/127.0.0.1:${PORT_OF[gateway]}'/" \
    "$REPO/deploy/monitoring/prometheus.yml" >"$TMP/prometheus.yml"
echo "starting $(prometheus --version 2>&1 | head -1) on 127.0.0.1:$PORT (storage $TMP/data)"
prometheus --config.file="$TMP/prometheus.yml" \
  --storage.tsdb.path="$TMP/data" --storage.tsdb.retention.time=1h \
  --web.listen-address="127.0.0.1:$PORT" --log.level=warn >"$TMP/prometheus.log" 2>&1 &
PROM_PID=$!
until curl -fs -m 2 -o /dev/null "http://127.0.0.1:$PORT/-/ready"; do
  if ! kill -0 "$PROM_PID" 2>/dev/null; then echo "prometheus exited:"; cat "$TMP/prometheus.log"; exit 1; fi
  ((SECONDS - START < TIMEOUT)) || { echo "prometheus not ready within ${TIMEOUT}s"; tail -20 "$TMP/prometheus.log"; exit 1; }
  sleep 0.5
done
echo "prometheus ready after $((SECONDS - START))s"

# A little traffic through the gateway, so the request counters exist (bounded: 6 requests, 5 s each).
TRAFFIC=none
if [[ " ${expected[*]} " == *" gateway "* ]]; then
  key=${ADMIN_API_KEY:-}
  [[ -z $key && -r $STACK_DIR/admin-api-key ]] && key=$(<"$STACK_DIR/admin-api-key")
  gw="http://127.0.0.1:${PORT_OF[gateway]}"
  curl -s -m 5 -o /dev/null -H "Authorization: Bearer fjq_aaaaaaaaaaaa_wrongwrongwrongwrongwrongwrongwrongwrongwro" "$gw/api/v1/units" || true
  TRAFFIC=bad-key
  if [[ -n $key ]]; then
    for path in /api/v1/units /api/v1/plans /api/v1/targets /api/v1/completeness /api/v1/units; do
      curl -s -m 5 -o /dev/null -H "Authorization: Bearer $key" "$gw$path" || true
    done
    TRAFFIC=admin-key
  else
    echo "note: no admin key ($STACK_DIR/admin-api-key or ADMIN_API_KEY): only a wrong-key request was sent"
  fi
fi

export PROM="http://127.0.0.1:$PORT" EXPECTED="${expected[*]}" TRAFFIC REPO
export DEADLINE=$((TIMEOUT - (SECONDS - START)))
python3 - <<'PYEOF'
import json, os, re, sys, time, urllib.parse, urllib.request

prom, repo = os.environ["PROM"], os.environ["REPO"]
expected = os.environ["EXPECTED"].split()
services = [m for m in expected if m != "gateway"]
traffic = os.environ["TRAFFIC"]
deadline = time.time() + max(10, int(os.environ["DEADLINE"]) - 5)

def api(path, **params):
    url = prom + path + ("?" + urllib.parse.urlencode(params) if params else "")
    with urllib.request.urlopen(url, timeout=5) as r:
        body = json.load(r)
    if body.get("status") != "success":
        raise RuntimeError(f"{path}: {body}")
    return body["data"]

def defined_in(module, *names):
    """True when the module's main sources register one of these Micrometer names."""
    root = os.path.join(repo, module, "src", "main", "java")
    pats = [re.compile(r'"' + re.escape(n) + r'"') for n in names]
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith(".java"):
                text = open(os.path.join(d, f), encoding="utf-8", errors="replace").read()
                if any(p.search(text) for p in pats):
                    return True
    return False

# (metric, job, why it must be there); a metric is required only for modules that run.
required = []
for s in services:
    for m in ("outbox_events_pending", "outbox_oldest_pending_age_seconds", "outbox_events_published_total",
              "outbox_publish_failures_total", "jvm_memory_used_bytes"):
        required.append((m, s))
    # Agroal publishes pool metrics only with quarkus.datasource.metrics.enabled=true
    props = os.path.join(repo, s, "src", "main", "resources", "application.properties")
    text = open(props, encoding="utf-8").read() if os.path.exists(props) else ""
    if re.search(r"^quarkus\.datasource\.metrics\.enabled\s*=\s*true", text, re.M):
        required.append(("agroal_active_count", s))
    else:
        print(f"WARN {s}: no agroal_* pool metrics: its application.properties lacks quarkus.datasource.metrics.enabled=true")
if "gateway" in expected:
    required.append(("jvm_memory_used_bytes", "gateway"))
    if traffic != "none":
        required += [("gateway_requests_seconds_count", "gateway"), ("gateway_auth_failures_total", "gateway")]
    if traffic == "admin-key" and "units-service" in expected:
        required.append(("api_key_verifications_total", "units-service"))
        required.append(("http_server_requests_seconds_count", "units-service"))
if "reports-service" in expected and defined_in("reports-service", "reports_overdue", "reports.overdue"):
    required.append(("reports_overdue", "reports-service"))
for m, dotted in (("progress_targets", "progress.targets"), ("progress_targets_stale", "progress.targets.stale")):
    if "targets-service" in expected and defined_in("targets-service", m, dotted):
        required.append((m, "targets-service"))
optional = ["agroal_active_count", "measurements_submitted_total", "import_rows_total", "progress_targets", "progress_targets_stale",
            "gateway_rate_limited_total", "kafka_consumer_fetch_manager_records_lag_max",
            "kafka_producer_record_error_total", "http_server_requests_seconds_bucket", "gateway_requests_seconds_bucket"]

def target_states():
    data = api("/api/v1/targets", state="active")
    return {t["labels"]["job"]: (t["health"], t.get("lastError", "")) for t in data["activeTargets"]}

def present(metric, job):
    return len(api("/api/v1/query", query=f'count({metric}{{job="{job}"}})')["result"]) > 0

failures = []
# 1. every expected job up (two successful scrapes give the counters time to appear)
while True:
    states = target_states()
    not_up = [j for j in expected if states.get(j, ("unknown", ""))[0] != "up"]
    if not not_up or time.time() > deadline - 15:   # keep time for the metric checks
        break
    time.sleep(1)
for j in expected:
    h, err = states.get(j, ("missing", "no such scrape job"))
    if h == "up":
        print(f"ok   target {j} up")
    else:
        print(f"FAIL target {j}: {h} {err}")
        failures.append(f"target {j} {h}")
for j in sorted(states):
    if j not in expected:
        print(f"     target {j}: {states[j][0]} (module not built, not checked)")

# 2. the alert rules are loaded and healthy
groups = api("/api/v1/rules")["groups"]
rules = [r for g in groups for r in g["rules"]]
bad = [r["name"] for r in rules if r.get("health") not in ("ok", "unknown")]
alerts = sorted({r["name"] for r in rules if r["type"] == "alerting"})
if len(alerts) < 6 or bad:
    failures.append(f"rules: {alerts} unhealthy {bad}")
    print(f"FAIL rules: alerts {alerts}, unhealthy {bad}")
else:
    print(f"ok   {len(rules)} rules loaded ({', '.join(alerts)})")

# 3. metrics (wait for the scrape that follows the traffic)
missing = list(required)
while True:   # at least one pass
    missing = [(m, j) for m, j in missing if not present(m, j)]
    if not missing or time.time() >= deadline:
        break
    time.sleep(1)
for m, j in required:
    if (m, j) in missing:
        print(f"FAIL metric {m}{{job=\"{j}\"}} missing")
        failures.append(f"{m}{{job={j}}}")
    else:
        print(f"ok   metric {m}{{job=\"{j}\"}}")
for m in optional:
    res = api("/api/v1/query", query=f"count by (job) ({m})")["result"]
    jobs = ", ".join(r["metric"].get("job", "?") for r in res)
    print(f"     {'present' if res else 'absent '} {m}" + (f" ({jobs})" if jobs else " (not defined yet or not incremented yet)"))
firing = api("/api/v1/alerts")["alerts"]
if firing:
    print("     alerts now: " + ", ".join(f"{a['labels']['alertname']}[{a['state']}]" for a in firing))

if failures:
    print(f"monitoring-live: FAILED ({len(failures)}): " + "; ".join(failures))
    sys.exit(1)
print(f"monitoring-live: all checks passed ({len(expected)} jobs up, {len(required)} metrics present)")
PYEOF
rc=$?
echo "took $((SECONDS - START))s"
exit $rc
