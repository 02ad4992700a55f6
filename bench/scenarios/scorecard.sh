#!/usr/bin/env bash
# Scenario scorecard: the scorecard of the 2025 outline and a one-target time series over 10,000,000 stored values
# (x BENCH_SCALE), through the gateway and directly. Generates the data once (idempotent). See scorecard.py.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${BENCH_OUT:?run through bench/run (or set the bench contract variables)}"
mkdir -p "$BENCH_OUT"
for tool in psql openssl; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    # shellcheck source=/dev/null
    source "${BENCH_REPO:-$here/../..}/deploy/checks/lib-apt.sh"
    if [[ $tool == psql ]]; then ensure_cmd psql postgresql-client-15 || ensure_cmd psql postgresql-client; else ensure_cmd openssl openssl; fi
  fi
done
rm -f "$BENCH_OUT/scorecard.json" "$BENCH_OUT/scorecard.md"
rc=0
# Generation (6-15 minutes at scale 1, by machine load) + measurement (about 5): bounded.
timeout --kill-after=10 "${BENCH_SCORECARD_TIMEOUT:-1800}" python3 "$here/scorecard.py" "$@" || rc=$?
if [[ ! -s $BENCH_OUT/scorecard.json ]]; then
  printf '{"scenario":"scorecard","title":"Scorecard queries over 10M stored values","command":"bench/run scorecard","goal":"scorecard load p99 <= 100 ms and one-target series p99 <= 20 ms","ratio":null,"met":null,"measurements":{},"error":"the scenario did not finish (exit %s)"}\n' "$rc" >"$BENCH_OUT/scorecard.json"
  printf "### Scorecard queries over 10M stored values (\`bench/run scorecard\`)\n\nNot measured: the scenario did not finish (exit %s).\n" "$rc" >"$BENCH_OUT/scorecard.md"
fi
exit "$rc"
