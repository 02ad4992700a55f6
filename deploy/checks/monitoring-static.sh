#!/usr/bin/env bash
# deploy/checks/monitoring-static.sh: static checks of deploy/monitoring (no running stack needed).
#   promtool check config  deploy/monitoring/prometheus.yml and prometheus.compose.yml
#   promtool check rules   deploy/monitoring/alerts.yml
#   promtool test rules    deploy/monitoring/alerts.test.yml   (each alert firing and not firing)
#   monitoring_lint.py     dashboard JSON + its PromQL, metric names, provisioning files
# Installs Debian's prometheus package (for promtool) when promtool is missing, without leaving a
# prometheus daemon running. Exits non-zero on the first failing check group (all are run, then reported).
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(cd "$HERE/../.." && pwd -P)
MON="$REPO/deploy/monitoring"

# shellcheck source=deploy/checks/lib-apt.sh
. "$HERE/lib-apt.sh"
ensure_cmd promtool prometheus || exit 1
ensure_python_yaml || exit 1

failed=0
run() {  # run DESCRIPTION CMD...
  local desc=$1; shift
  local out
  if out=$("$@" 2>&1); then
    printf 'ok   %s\n' "$desc"
  else
    printf 'FAIL %s\n%s\n' "$desc" "$out" | sed 's/^/     /;1s/^     //'
    failed=1
  fi
}

echo "monitoring-static: $(promtool --version 2>&1 | head -1)"
cd "$MON" || exit 1
run "promtool check config prometheus.yml" promtool check config prometheus.yml
run "promtool check config prometheus.compose.yml" promtool check config prometheus.compose.yml
run "promtool check rules alerts.yml" promtool check rules alerts.yml
run "promtool test rules alerts.test.yml" promtool test rules alerts.test.yml
run "dashboard, metric names, provisioning (monitoring_lint.py)" python3 "$HERE/monitoring_lint.py"

if ((failed)); then echo "monitoring-static: FAILED"; exit 1; fi
echo "monitoring-static: all checks passed"
