#!/usr/bin/env bash
# Scenario csv-import: bulk CSV import of 1,000,000 values (x BENCH_SCALE) through the gateway vs
# COPY ... FROM STDIN of the same rows into a scratch copy of measurement_revision. See csv_import.py.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${BENCH_OUT:?run through bench/run (or set the bench contract variables)}"
mkdir -p "$BENCH_OUT"
if ! command -v psql >/dev/null 2>&1; then
  # shellcheck source=/dev/null
  source "${BENCH_REPO:-$here/../..}/deploy/checks/lib-apt.sh"
  ensure_cmd psql postgresql-client-15 || ensure_cmd psql postgresql-client
fi
command -v curl >/dev/null 2>&1 || { source "${BENCH_REPO:-$here/../..}/deploy/checks/lib-apt.sh"; ensure_cmd curl curl; }
# The scenario's own time bound (generation + import + COPY + checks); the data is large at scale 1.
rm -f "$BENCH_OUT/csv-import.json" "$BENCH_OUT/csv-import.md"
rc=0
timeout --kill-after=10 "${BENCH_CSV_TIMEOUT:-1700}" python3 "$here/csv_import.py" "$@" || rc=$?
if [[ ! -s $BENCH_OUT/csv-import.json ]]; then
  # killed by the time bound (or crashed before writing): still leave a result that says so
  printf '{"scenario":"csv-import","title":"Bulk CSV import vs COPY","command":"bench/run csv-import","goal":">= 35%% of COPY","ratio":null,"met":null,"measurements":{},"error":"the scenario did not finish (exit %s)"}\n' "$rc" >"$BENCH_OUT/csv-import.json"
  printf "### Bulk CSV import vs COPY (\`bench/run csv-import\`)\n\nNot measured: the scenario did not finish (exit %s).\n" "$rc" >"$BENCH_OUT/csv-import.md"
fi
exit "$rc"
